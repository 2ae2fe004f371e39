package dev.rivulet.spring.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key material for a TLS listener, generated at run time with the JDK's own {@code keytool} (no
 * key committed, nothing installed): a self-signed certificate for {@code localhost} (subject
 * alternative names {@code localhost} and {@code 127.0.0.1}, so clients keep Kafka's default
 * host name verification) in a PKCS12 key store for the broker, and a PKCS12 trust store holding
 * only that certificate for the clients. Valid for two days.
 *
 * @param keyStore the broker's key store (PKCS12; the key's password is the store's)
 * @param keyStorePassword its password
 * @param trustStore the clients' trust store (PKCS12)
 * @param trustStorePassword its password
 */
record TlsMaterial(Path keyStore, String keyStorePassword, Path trustStore,
    String trustStorePassword) {

  static final String STORE_TYPE = "PKCS12";
  private static final String ALIAS = "broker";

  /** Generates the stores in {@code dir}; about a second of {@code keytool} runs. */
  static TlsMaterial generate(Path dir, String keyStorePassword, String trustStorePassword) {
    Path keyStore = dir.resolve("broker.p12");
    Path certificate = dir.resolve("broker.pem");
    Path trustStore = dir.resolve("truststore.p12");
    keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
        "-keystore", keyStore.toString(), "-storetype", STORE_TYPE,
        "-storepass", keyStorePassword, "-keypass", keyStorePassword);
    keytool("-exportcert", "-rfc", "-alias", ALIAS, "-file", certificate.toString(),
        "-keystore", keyStore.toString(), "-storetype", STORE_TYPE,
        "-storepass", keyStorePassword);
    keytool("-importcert", "-noprompt", "-alias", ALIAS, "-file", certificate.toString(),
        "-keystore", trustStore.toString(), "-storetype", STORE_TYPE,
        "-storepass", trustStorePassword);
    return new TlsMaterial(keyStore, keyStorePassword, trustStore, trustStorePassword);
  }

  /** Never the passwords: this record is printed by assertion messages. */
  @Override
  public String toString() {
    return "TlsMaterial[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " did not finish in 60 s");
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed (exit "
            + process.exitValue() + "): " + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running keytool", e);
    }
  }
}
