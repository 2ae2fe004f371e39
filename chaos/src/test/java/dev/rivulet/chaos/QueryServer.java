package dev.rivulet.chaos;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.spring.autoconfigure.RivuletLifecycleAutoConfiguration;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's routed state query API ({@code /rivulet/v1/state}, forwarding included) in a
 * worker JVM: a servlet web application around the worker's own runtime, which the worker built,
 * started and closes itself (the starter's lifecycle is left out, and Spring Kafka's clients with
 * it: the worker has its own). The runtime advertises {@code http://127.0.0.1:<advertised port>},
 * its slot's proxy in the harness's {@link Network}, so the other workers forward to this server
 * through the network the nemesis breaks.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = RivuletLifecycleAutoConfiguration.class,
    excludeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
class QueryServer {
  /** The port a worker serves on ({@code -Dchaos.httpPort}); 0: no server. */
  static final int PORT = Integer.getInteger("chaos.httpPort", 0);

  /** The port the other workers reach the server on ({@code -Dchaos.advertisedPort}). */
  static final int ADVERTISED_PORT = Integer.getInteger("chaos.advertisedPort", PORT);

  /** How long a forwarded query waits for its owner. */
  static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(3);

  /** The URL the runtime advertises to the group. */
  static String advertisedUrl() {
    return "http://127.0.0.1:" + ADVERTISED_PORT;
  }

  /** Starts the server on {@link #PORT}; blocks until it serves. */
  static ConfigurableApplicationContext start(Rivulet rivulet) {
    // the worker's logback file configuration stays as the harness set it
    System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    SpringApplication app = new SpringApplication(QueryServer.class);
    app.setWebApplicationType(WebApplicationType.SERVLET);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    app.addInitializers(context -> context.getBeanFactory().registerSingleton("rivulet", rivulet));
    app.setDefaultProperties(Map.of(
        "server.address", "127.0.0.1",
        "server.port", Integer.toString(PORT),
        "rivulet.query.enabled", "true",
        "rivulet.query.timeout", FORWARD_TIMEOUT.toMillis() + "ms",
        "spring.jmx.enabled", "false"));
    return app.run();
  }
}
