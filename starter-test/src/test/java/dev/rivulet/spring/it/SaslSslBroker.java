package dev.rivulet.spring.it;

import dev.rivulet.broker.KraftBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * A single-node in-process KRaft broker (a {@link KraftBroker} of its own) whose client listener
 * {@code SECURE} is SASL_SSL with SCRAM-SHA-512 and a certificate of {@link TlsMaterial}. Its
 * controller listener and the inter-broker listener ({@code PLAINTEXT}) stay PLAINTEXT: the test reaches the latter only to create
 * SCRAM users, which no client can do before the first user exists. No authorizer: an
 * authenticated user may do anything. Separate from the JVM's shared test broker; closed by its
 * test class.
 */
final class SaslSslBroker implements AutoCloseable {
  static final String MECHANISM = "SCRAM-SHA-512";
  private static final String SECURE = "SECURE";
  private static final String SECURE_PREFIX = "listener.name.secure.";

  private final KraftBroker broker;
  private final TlsMaterial tls;

  private SaslSslBroker(KraftBroker broker, TlsMaterial tls) {
    this.broker = broker;
    this.tls = tls;
  }

  /** Starts the broker (a few seconds) with a key store of {@code tls}. */
  static SaslSslBroker start(TlsMaterial tls) {
    Map<String, String> config = new HashMap<>();
    config.put("listeners",
        "PLAINTEXT://localhost:0,CONTROLLER://localhost:0," + SECURE + "://localhost:0");
    config.put("listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT," + SECURE + ":SASL_SSL");
    config.put(SECURE_PREFIX + "sasl.enabled.mechanisms", MECHANISM);
    config.put(SECURE_PREFIX + MECHANISM.toLowerCase() + ".sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    config.put(SECURE_PREFIX + "ssl.keystore.location", tls.keyStore().toString());
    config.put(SECURE_PREFIX + "ssl.keystore.password", tls.keyStorePassword());
    config.put(SECURE_PREFIX + "ssl.key.password", tls.keyStorePassword());
    config.put(SECURE_PREFIX + "ssl.keystore.type", TlsMaterial.STORE_TYPE);
    return new SaslSslBroker(KraftBroker.start(config), tls); // replication factors 1 and so on
  }

  /** The SASL_SSL listener's {@code host:port}: the only address clients are given. */
  String bootstrapServers() {
    return broker.bootstrapServers(SECURE);
  }

  /**
   * Creates (or replaces) a SCRAM-SHA-512 user over the PLAINTEXT inter-broker listener and
   * waits until it can authenticate on the SASL_SSL one.
   */
  void addUser(String user, String password) throws Exception {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
          .all().get(30, TimeUnit.SECONDS);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) { // the credential reaches the broker's cache with the metadata it applies
      try (Admin admin = Admin.create(clientProperties(user, password))) {
        admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
      }
      Thread.sleep(100);
    }
  }

  /** Creates topics over the SASL_SSL listener as {@code user}. */
  void createTopics(String user, String password, Map<String, Integer> partitions)
      throws Exception {
    try (Admin admin = Admin.create(clientProperties(user, password))) {
      admin.createTopics(partitions.entrySet().stream()
          .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList())
          .all().get(30, TimeUnit.SECONDS);
    }
  }

  /** What a client needs for the SASL_SSL listener, as Kafka client properties. */
  Map<String, Object> clientProperties(String user, String password) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
    p.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, tls.trustStore().toString());
    p.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, tls.trustStorePassword());
    p.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, TlsMaterial.STORE_TYPE);
    p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
    p.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig(user, password));
    return p;
  }

  /**
   * Whether a PLAINTEXT client gets any answer from the SASL_SSL listener within
   * {@code timeout} (it must not: the listener speaks TLS only).
   */
  boolean answersPlaintext(Duration timeout) {
    int millis = (int) timeout.toMillis();
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis))) {
      admin.describeCluster().nodes().get(2L * millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException refused) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The broker's count of SASL authentications on the SASL_SSL listener, from its socket server
   * metric {@code metric} ({@code successful-authentication-total},
   * {@code failed-authentication-total}) as Kafka publishes it over JMX, summed over the
   * listener's network threads.
   */
  double authentications(String metric) {
    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    try {
      double total = 0;
      for (ObjectName name : jmx.queryNames(new ObjectName(
          "kafka.server:type=socket-server-metrics,listener=" + SECURE + ",networkProcessor=*"),
          null)) {
        total += ((Number) jmx.getAttribute(name, metric)).doubleValue();
      }
      return total;
    } catch (JMException e) {
      throw new IllegalStateException("No metric " + metric + " of listener " + SECURE, e);
    }
  }

  static String jaasConfig(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user + "\" password=\"" + password + "\";";
  }

  @Override
  public void close() {
    broker.close();
  }
}
