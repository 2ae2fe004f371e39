package dev.rivulet.spring.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances of one test application that answer routed queries: each on a free port it
 * advertises, with its own state directory, a 50 ms commit interval and the query API on.
 */
final class QueryInstances {
  private QueryInstances() {}

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Starts instance {@code i} of {@code app} named {@code name} against {@code servers}, on
   * {@code port}, with {@code extra} properties on top.
   */
  static ConfigurableApplicationContext start(Class<?> app, String servers, String name, int i,
      int port, String... extra) {
    List<String> properties = new ArrayList<>(List.of(
        "spring.kafka.bootstrap-servers=" + servers,
        "spring.application.name=" + name,
        "server.port=" + port,
        "rivulet.advertised-url=http://localhost:" + port,
        "rivulet.state-dir=target/it-state/" + name + "-" + i + "-" + System.nanoTime(),
        "rivulet.commit-interval=50ms",
        "rivulet.query.enabled=true",
        "spring.main.banner-mode=off"));
    properties.addAll(List.of(extra));
    return new SpringApplicationBuilder(app).properties(properties.toArray(String[]::new)).run();
  }
}
