package dev.rivulet.spring.devbroker;

import dev.rivulet.broker.KraftBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.FileSystemUtils;

/**
 * The dev broker of one application: a real single-node KRaft broker (Kafka's own server code,
 * via {@link KraftBroker} of {@code rivulet-embedded-broker}) in this JVM, owned by the application
 * context that started it. It lives exactly as long as that context: destroyed with the context's
 * beans (after the Rivulet runtime committed and stopped, so a Ctrl-C ends cleanly), and also when
 * the start fails, so that a failed start ends the JVM instead of leaving the broker's threads
 * running. Its data starts empty on every run and is removed when it stops; so does the state
 * directory it hands out ({@link #stateDir()}), so local state never claims changelog offsets the
 * fresh broker lacks. No JVM exit hook of its own: Spring's, which stops the runtime first, stops
 * it. Not for production. Thread-safe.
 */
final class DevBroker implements DisposableBean {
  /** The class that must be on the classpath (from {@code rivulet-embedded-broker}). */
  static final String BROKER_CLASS = "dev.rivulet.broker.KraftBroker";
  private static final Logger log = LoggerFactory.getLogger(DevBroker.class);

  private final KraftBroker broker;
  private final Path stateDir;
  private final @Nullable BootstrapPort bootstrapPort;
  private boolean stopped;

  private DevBroker(KraftBroker broker, Path stateDir, @Nullable BootstrapPort bootstrapPort) {
    this.broker = broker;
    this.stateDir = stateDir;
    this.bootstrapPort = bootstrapPort;
  }

  /**
   * Starts a broker.
   *
   * @param port fixed listener port, or 0 for a free one
   * @throws IllegalStateException if the broker cannot start (for example, the port is taken)
   */
  static DevBroker start(int port) {
    long start = System.nanoTime();
    KraftBroker broker = KraftBroker.start(Map.of());
    Path stateDir;
    BootstrapPort bootstrapPort = null;
    try {
      stateDir = Files.createTempDirectory("rivulet-dev-state-");
      if (port > 0) {
        String servers = broker.bootstrapServers();
        bootstrapPort = BootstrapPort.open(port,
            Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1)));
      }
    } catch (IOException | RuntimeException e) {
      broker.close();
      throw new IllegalStateException("The Rivulet dev broker could not start"
          + (port > 0 ? " on port " + port + " (rivulet.dev-broker.port): is the port in use? "
              + "Free it or set rivulet.dev-broker.port=0 for a free port" : "") + ": " + e, e);
    }
    DevBroker started = new DevBroker(broker, stateDir, bootstrapPort);
    log.info("Rivulet dev broker (in-process KRaft, for development only) started at {} in {} ms",
        started.bootstrapServers(), (System.nanoTime() - start) / 1_000_000);
    return started;
  }

  /** {@code localhost:<rivulet.dev-broker.port>} if set, else the broker's own listener. */
  String bootstrapServers() {
    return bootstrapPort != null ? "localhost:" + bootstrapPort.port()
        : broker.bootstrapServers();
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
    try {
      broker.close();
    } finally {
      delete(stateDir);
    }
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
