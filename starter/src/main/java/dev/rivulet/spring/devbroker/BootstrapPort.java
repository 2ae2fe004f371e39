package dev.rivulet.spring.devbroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed bootstrap port for the dev broker ({@code rivulet.dev-broker.port}) on the loopback
 * interface. The in-process broker binds its listener to a free port of its own choosing, so this port
 * relays each connection to it: a client such as kcat bootstraps here, learns the broker's
 * advertised address from the metadata and then connects there directly (same host). Daemon
 * threads; {@link #close()} stops accepting.
 */
final class BootstrapPort implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BootstrapPort.class);

  private final ServerSocket server;

  private BootstrapPort(ServerSocket server) {
    this.server = server;
  }

  /**
   * Listens on {@code port} and relays to {@code targetPort}.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  static BootstrapPort open(int port, int targetPort) {
    ServerSocket server;
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new UncheckedIOException("port " + port + " is not free", e);
    }
    BootstrapPort bootstrap = new BootstrapPort(server);
    daemon("rivulet-dev-broker-port-" + port, () -> bootstrap.accept(targetPort));
    return bootstrap;
  }

  private void accept(int targetPort) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        daemon("rivulet-dev-broker-relay", () -> relay(client, broker));
        daemon("rivulet-dev-broker-relay", () -> relay(broker, client));
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.debug("Dev broker bootstrap port: {}", e.toString());
        }
      }
    }
  }

  private static void relay(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() {
    closeQuietly(server);
  }
}
