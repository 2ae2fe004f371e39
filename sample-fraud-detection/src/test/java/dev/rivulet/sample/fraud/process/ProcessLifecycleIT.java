package dev.rivulet.sample.fraud.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * The first hour, as a real process: the sample's executable jar started the way the README
 * says, with the dev broker on. A failed start ends the JVM promptly with a non-zero exit code
 * (the dev broker's threads do not keep it alive); a wrong broker fails within the startup
 * timeout; SIGTERM stops it cleanly, with no ERROR line; the dev broker answers on a fixed port.
 */
class ProcessLifecycleIT {

  @Test
  void portInUseEndsTheProcessWithTheDevBrokerRunning() throws Exception {
    try (ServerSocket taken = new ServerSocket(0); AppProcess app = AppProcess.start(
        "--server.port=" + taken.getLocalPort())) {
      assertThat(app.awaitExit(Duration.ofSeconds(90))).isNotZero();
      assertThat(app.output()).contains("Rivulet dev broker at")
          .contains("APPLICATION FAILED TO START").contains("Rivulet dev broker stopped");
    }
  }

  @Test
  void invalidPropertyEndsTheProcessNamingTheProperty() throws Exception {
    try (AppProcess app = AppProcess.start("--server.port=0", "--rivulet.threads=0")) {
      assertThat(app.awaitExit(Duration.ofSeconds(90))).isNotZero();
      assertThat(app.output()).contains("rivulet.threads").contains("APPLICATION FAILED TO START");
    }
  }

  @Test
  void wrongBootstrapServerFailsWithinTheStartupTimeout() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    try (AppProcess app = AppProcess.start("--server.port=0", "--rivulet.dev-broker.enabled=false",
        "--fraud.generator.enabled=false", "--rivulet.startup-timeout=5s",
        "--spring.kafka.bootstrap-servers=localhost:" + closedPort)) {
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isNotZero();
      assertThat(app.sinceStart()).isLessThan(Duration.ofSeconds(45));
      assertThat(app.output()).contains("localhost:" + closedPort)
          .contains("APPLICATION FAILED TO START");
    }
  }

  @Test
  void sigtermStopsCleanlyAndTheDevBrokerHasAFixedPort() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    // no scheduled injections: the one fraud seen is the one injected on demand
    try (AppProcess app = AppProcess.start("--server.port=0", "--rivulet.dev-broker.port=" + port,
        "--fraud.generator.max-injections=0")) {
      app.awaitLine("Started FraudDetectionApplication", Duration.ofSeconds(90));
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", "localhost:" + port))) {
        assertThat(admin.listTopics().names().get()).contains("payments", "fraud-alerts");
      }
      app.awaitLine("SUMMARY payments=", Duration.ofSeconds(60));
      injectAFraudOnDemand(app);
      app.terminate();
      assertThat(app.awaitExit(Duration.ofSeconds(60))).isIn(0, 143);
      assertThat(app.lines()).noneMatch(l -> l.startsWith("ERROR"))
          .noneMatch(l -> l.contains("halt"))
          .anyMatch(l -> l.contains("Rivulet dev broker stopped"));
      assertThat(app.output()).doesNotContain("Exception");
    }
  }

  /** POST /generator/inject answers 202 and the fraud shows in GET /generator. */
  private static void injectAFraudOnDemand(AppProcess app) throws Exception {
    Matcher port = Pattern.compile("Tomcat started on port (\\d+)").matcher(app.output());
    assertThat(port.find()).isTrue();
    URI base = URI.create("http://localhost:" + port.group(1));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> injected = http.send(
        HttpRequest.newBuilder(base.resolve("/generator/inject"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(injected.statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(20)).until(() -> http.send(
        HttpRequest.newBuilder(base.resolve("/generator")).build(),
        HttpResponse.BodyHandlers.ofString()).body().contains("\"rule\""));
  }
}
