package dev.rivulet.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A TCP proxy between one worker and one broker, or between the other workers and one worker's
 * query server ({@link #inbound}), through which the nemesis breaks the network:
 * the worker's {@link NetConditions} (added latency, blackholes in one or both directions), and
 * connection resets here. A blackhole holds the bytes rather than dropping them, as a real
 * network does to TCP: what was in flight arrives after the heal, unless an end gave up on the
 * connection first (and a close waits behind the bytes too). New connections are accepted during
 * a blackhole and stay silent, like a peer whose SYN-ACK got through but nothing after it.
 *
 * <p>Worker-to-broker bytes are framed as Kafka requests ({@code int32 size}, {@code int16
 * api key}, ...), so that {@link NetConditions#armCommitBlackhole()} can cut the responses at the
 * exact moment a transaction commit ({@code EndTxn}) has reached the broker: the commit happens,
 * its outcome never arrives.
 */
final class NetProxy implements AutoCloseable {
  /** Kafka's api key of {@code EndTxn} (commit or abort of a transaction). */
  static final short END_TXN = 26;

  private final String name;
  private final ServerSocket server;
  private final IntSupplier upstreamPort;
  private final NetConditions conditions;
  /**
   * Whether the proxy's clients are the worker and its upstream a broker (Kafka framing, bytes
   * to the upstream leave the worker); false for an inbound proxy, whose clients are the peers.
   */
  private final boolean towardBroker;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  /**
   * A proxy from {@code listenPort} (0: any) to {@code upstreamPort}, under {@code conditions}
   * (shared by every proxy of one worker: one per broker).
   */
  NetProxy(String name, int listenPort, int upstreamPort, NetConditions conditions)
      throws IOException {
    this(name, listenPort, () -> upstreamPort, conditions, true);
  }

  private NetProxy(String name, int listenPort, IntSupplier upstreamPort,
      NetConditions conditions, boolean towardBroker) throws IOException {
    this.name = name;
    this.upstreamPort = upstreamPort;
    this.conditions = conditions;
    this.towardBroker = towardBroker;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
    this.acceptor = new Thread(this::accept, "net-proxy-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * A proxy in front of a worker's query server, for the other workers' forwarded queries: the
   * worker's {@code conditions} hold what goes to it (requests) as they hold a broker's answers,
   * and what it sends (answers) as they hold its requests to a broker, so that a partitioned
   * worker is cut off from its peers too. No Kafka framing (a commit cut is armed by a broker
   * proxy and then holds this one's inbound bytes as well). {@code upstreamPort}: the port the
   * worker's current JVM serves on, read per connection (0: none, refused).
   */
  static NetProxy inbound(String name, IntSupplier upstreamPort, NetConditions conditions)
      throws IOException {
    return new NetProxy(name, 0, upstreamPort, conditions, false);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Resets (TCP RST) every open connection, both sides; returns how many there were. */
  int reset() {
    int n = 0;
    for (Link link : links) {
      link.reset();
      n++;
    }
    return n;
  }

  /** Connections accepted so far. */
  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        Socket upstream;
        try {
          upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort.getAsInt());
        } catch (IOException | IllegalArgumentException e) {
          client.close(); // upstream down (a broker, a query server): refused, in effect
          continue;
        }
        Link link = new Link(client, upstream);
        links.add(link);
        link.start();
      } catch (IOException e) {
        if (!closed) {
          System.out.printf("[net-proxy %s] accept failed: %s%n", name, e);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    links.forEach(Link::reset);
  }

  /** One proxied connection: a pump per direction. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() throws IOException {
      new Pump(client.getInputStream(), upstream, towardBroker, towardBroker).start(name + "-out");
      new Pump(upstream.getInputStream(), client, !towardBroker, false).start(name + "-in");
    }

    void reset() {
      for (Socket s : List.of(client, upstream)) {
        try {
          s.setSoLinger(true, 0); // close() sends RST
          s.close();
        } catch (IOException e) {
          // already gone
        }
      }
      links.remove(this);
    }

    /**
     * Reads one direction into a queue and writes it out when due (latency) and not held
     * (blackhole); end of stream is queued too, so a close waits behind held bytes.
     */
    private final class Pump {
      private static final byte[] EOF = new byte[0];
      private final InputStream in;
      private final Socket target;
      private final boolean toBroker;
      private final RequestFramer framer;
      private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();

      /**
       * @param toBroker whether the bytes leave the worker (held by a blackhole toward the
       *     brokers) rather than reach it
       * @param kafkaRequests whether they are Kafka requests, to be watched for a commit
       */
      Pump(InputStream in, Socket target, boolean toBroker, boolean kafkaRequests) {
        this.in = in;
        this.target = target;
        this.toBroker = toBroker;
        this.framer = kafkaRequests ? new RequestFramer() : null;
      }

      void start(String threadName) {
        Thread reader = new Thread(this::read, threadName + "-read");
        Thread writer = new Thread(this::write, threadName + "-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
      }

      private void read() {
        byte[] buffer = new byte[16 * 1024];
        try {
          int n;
          while ((n = in.read(buffer)) >= 0) {
            byte[] bytes = Arrays.copyOf(buffer, n);
            boolean endTxn = framer != null && framer.containsRequest(bytes, END_TXN);
            queue.put(new Chunk(bytes, System.currentTimeMillis() + conditions.latencyMillis(),
                endTxn));
          }
        } catch (IOException | InterruptedException e) {
          // reset or closed: the writer ends with the EOF below
        }
        queue.offer(new Chunk(EOF, System.currentTimeMillis(), false));
      }

      private void write() {
        try {
          OutputStream out = target.getOutputStream();
          while (true) {
            Chunk c = queue.take();
            long wait = c.due() - System.currentTimeMillis();
            if (wait > 0) {
              Thread.sleep(wait);
            }
            conditions.awaitOpen(toBroker, () -> closed);
            if (c.bytes() == EOF) {
              target.shutdownOutput();
              return;
            }
            if (c.endTxn()) {
              // an armed cut must block the answer before the broker can give it
              conditions.commitPassing();
            }
            out.write(c.bytes());
            out.flush();
          }
        } catch (SocketException e) {
          reset(); // the other side reset or closed: so does this connection
        } catch (IOException | InterruptedException e) {
          reset();
        }
      }
    }
  }

  /** A chunk of bytes in flight, when it may go, and whether it holds an {@code EndTxn}. */
  private record Chunk(byte[] bytes, long due, boolean endTxn) {}

  /**
   * Follows the request framing of a client-to-broker stream: {@code int32 size} followed by
   * {@code size} bytes, of which the first two are the api key.
   */
  static final class RequestFramer {
    private final byte[] header = new byte[6];
    private int headerFill;
    private long remaining;

    /** Feeds the next bytes of the stream; whether a request with this api key starts in them. */
    boolean containsRequest(byte[] bytes, short apiKey) {
      boolean found = false;
      int i = 0;
      while (i < bytes.length) {
        if (remaining > 0) {
          int skip = (int) Math.min(remaining, bytes.length - i);
          remaining -= skip;
          i += skip;
          continue;
        }
        header[headerFill++] = bytes[i++];
        if (headerFill == header.length) {
          int size = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16)
              | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
          short key = (short) (((header[4] & 0xff) << 8) | (header[5] & 0xff));
          found |= key == apiKey;
          remaining = size - 2L;
          headerFill = 0;
        }
      }
      return found;
    }
  }
}
