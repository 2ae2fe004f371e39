package dev.rivulet.spring.devbroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.util.FileSystemUtils;

/**
 * The dev broker of one application: a real single-node KRaft broker (Kafka's own server code,
 * via spring-kafka-test's {@link EmbeddedKafkaKraftBroker}) in this JVM, owned by the application
 * context that started it. It lives exactly as long as that context: destroyed with the context's
 * beans (after the Rivulet runtime committed and stopped, so a Ctrl-C ends cleanly), and also when
 * the start fails, so that a failed start ends the JVM instead of leaving the broker's threads
 * running. Its data starts empty on every run; so does the state directory it hands out
 * ({@link #stateDir()}), so local state never claims changelog offsets the fresh broker lacks.
 * Not for production. Thread-safe.
 */
final class DevBroker implements DisposableBean {
  /** The class that must be on the classpath (from {@code spring-kafka-test}). */
  static final String BROKER_CLASS = "org.springframework.kafka.test.EmbeddedKafkaKraftBroker";
  private static final Logger log = LoggerFactory.getLogger(DevBroker.class);

  private final EmbeddedKafkaKraftBroker broker;
  private final Path stateDir;
  private final @Nullable BootstrapPort bootstrapPort;
  private final List<Runnable> exitHooks;
  private boolean stopped;

  private DevBroker(EmbeddedKafkaKraftBroker broker, Path stateDir,
      @Nullable BootstrapPort bootstrapPort, List<Runnable> exitHooks) {
    this.broker = broker;
    this.stateDir = stateDir;
    this.bootstrapPort = bootstrapPort;
    this.exitHooks = exitHooks;
  }

  /**
   * Starts the broker while Kafka's JVM exit hooks are held back: the test kit registers one
   * that deletes the broker's data directory at exit, and the JVM would run it concurrently with
   * Spring's own hook, which is still stopping the runtime and then the broker (a clean
   * Ctrl-C would log a page of storage errors). Held here, they run after the broker stopped.
   */
  private static synchronized void startHoldingExitHooks(EmbeddedKafkaKraftBroker broker,
      List<Runnable> hooks) {
    Exit.setShutdownHookAdder((name, hook) -> hooks.add(hook));
    try {
      broker.afterPropertiesSet();
    } finally {
      Exit.resetShutdownHookAdder();
    }
  }

  /**
   * Starts a broker.
   *
   * @param port fixed listener port, or 0 for a free one
   * @throws IllegalStateException if the broker cannot start (for example, the port is taken)
   */
  static DevBroker start(int port) {
    long start = System.nanoTime();
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
    broker.brokerProperties(Map.of(
        "transaction.state.log.replication.factor", "1",
        "transaction.state.log.min.isr", "1",
        "offsets.topic.replication.factor", "1",
        "group.initial.rebalance.delay.ms", "0"));
    // otherwise it sets the system property spring.kafka.bootstrap-servers, which would look
    // like the user's setting to every later application context of this JVM
    broker.brokerListProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
    Path stateDir;
    BootstrapPort bootstrapPort = null;
    List<Runnable> exitHooks = new ArrayList<>();
    try {
      stateDir = Files.createTempDirectory("rivulet-dev-state-");
      startHoldingExitHooks(broker, exitHooks);
      if (port > 0) {
        String servers = broker.getBrokersAsString();
        bootstrapPort = BootstrapPort.open(port,
            Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1)));
      }
    } catch (IOException | RuntimeException e) {
      broker.destroy();
      throw new IllegalStateException("The Rivulet dev broker could not start"
          + (port > 0 ? " on port " + port + " (rivulet.dev-broker.port): is the port in use? "
              + "Free it or set rivulet.dev-broker.port=0 for a free port" : "") + ": " + e, e);
    }
    DevBroker started = new DevBroker(broker, stateDir, bootstrapPort, exitHooks);
    log.info("Rivulet dev broker (in-process KRaft, for development only) started at {} in {} ms",
        started.bootstrapServers(), (System.nanoTime() - start) / 1_000_000);
    return started;
  }

  /** {@code localhost:<rivulet.dev-broker.port>} if set, else the broker's own listener. */
  String bootstrapServers() {
    return bootstrapPort != null ? "localhost:" + bootstrapPort.port()
        : broker.getBrokersAsString();
  }

  /** A fresh state directory for this run's data, removed with the broker. */
  Path stateDir() {
    return stateDir;
  }

  /** Creates the topics that do not exist yet; returns those created. */
  List<String> createTopics(Map<String, Integer> topics) {
    return DevTopics.create(bootstrapServers(), topics);
  }

  /** Stops the broker and removes its data and the state directory; idempotent. */
  @Override
  public synchronized void destroy() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (bootstrapPort != null) {
      bootstrapPort.close();
    }
    broker.destroy();
    exitHooks.forEach(Runnable::run);
    delete(stateDir);
    log.info("Rivulet dev broker stopped");
  }

  private static void delete(@Nullable Path dir) {
    try {
      FileSystemUtils.deleteRecursively(dir);
    } catch (IOException e) {
      log.debug("Could not remove {}: {}", dir, e.toString());
    }
  }
}
