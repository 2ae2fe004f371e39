package dev.rivulet.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chaos proxy against a local echo server: it passes, holds, delays, resets and cuts. */
class NetProxyTest {
  private ServerSocket echo;
  private NetProxy proxy;
  private final NetConditions net = new NetConditions();

  @BeforeEach
  void start() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread server = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread t = new Thread(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException e) {
              // client gone
            }
          });
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    server.setDaemon(true);
    server.start();
    proxy = new NetProxy("test", 0, echo.getLocalPort(), net);
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    echo.close();
  }

  private Socket connect() throws IOException {
    return connect(proxy.port());
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(1_000);
    return s;
  }

  private static byte[] request(short apiKey, int bodyBytes) {
    ByteBuffer b = ByteBuffer.allocate(4 + 2 + bodyBytes);
    b.putInt(2 + bodyBytes).putShort(apiKey);
    return b.array();
  }

  @Test
  void passesBytesBothWays() throws IOException {
    try (Socket s = connect()) {
      s.getOutputStream().write("hello".getBytes());
      byte[] back = new byte[5];
      new DataInputStream(s.getInputStream()).readFully(back);
      assertThat(new String(back)).isEqualTo("hello");
    }
  }

  @Test
  void aBlackholeHoldsTheBytesUntilTheHealAndLosesNone() throws IOException {
    try (Socket s = connect()) {
      net.blackhole(true, true);
      s.getOutputStream().write("held".getBytes());
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(
          SocketTimeoutException.class);
      net.heal();
      byte[] back = new byte[4];
      new DataInputStream(s.getInputStream()).readFully(back);
      assertThat(new String(back)).isEqualTo("held");
    }
  }

  @Test
  void aOneWayBlackholeLetsRequestsThroughAndHoldsTheAnswers() throws Exception {
    try (Socket s = connect()) {
      net.blackhole(false, true);
      s.getOutputStream().write("x".getBytes());
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(
          SocketTimeoutException.class);
      net.heal();
      assertThat(s.getInputStream().read()).isEqualTo('x');
    }
  }

  @Test
  void anInboundProxyFollowsTheWorkersPortHoldsWhatGoesToItAndCutsNoCommit() throws Exception {
    AtomicInteger serving = new AtomicInteger();
    try (NetProxy inbound = NetProxy.inbound("peer", serving::get, net)) {
      try (Socket s = connect(inbound.port())) {
        assertThat(s.getInputStream().read()).as("no worker serves: refused").isEqualTo(-1);
      }
      serving.set(echo.getLocalPort());
      try (Socket s = connect(inbound.port())) {
        net.armCommitBlackhole();
        byte[] endTxn = request(NetProxy.END_TXN, 4);
        s.getOutputStream().write(endTxn);
        byte[] back = new byte[endTxn.length];
        new DataInputStream(s.getInputStream()).readFully(back);
        assertThat(back).as("not read as Kafka requests").isEqualTo(endTxn);
        assertThat(net.commitsCut()).isZero();

        net.heal();
        net.blackhole(false, true); // toward the worker: the peers' requests are held
        s.getOutputStream().write('y');
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(
            SocketTimeoutException.class);
        net.heal();
        assertThat(s.getInputStream().read()).isEqualTo('y');
      }
    }
  }

  @Test
  void latencyDelaysEveryChunk() throws IOException {
    try (Socket s = connect()) {
      net.latency(300);
      long start = System.nanoTime();
      s.getOutputStream().write(1);
      assertThat(s.getInputStream().read()).isEqualTo(1);
      // 300 ms to the server and 300 ms back
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(590);
    }
  }

  @Test
  void aResetClosesEveryConnection() throws IOException {
    try (Socket s = connect()) {
      s.getOutputStream().write(1);
      assertThat(s.getInputStream().read()).isEqualTo(1);
      assertThat(proxy.reset()).isEqualTo(1);
      assertThatThrownBy(() -> {
        for (int i = 0; i < 100; i++) {
          s.getOutputStream().write(new byte[1024]);
          if (s.getInputStream().read() < 0) {
            throw new IOException("closed");
          }
        }
      }).isInstanceOf(IOException.class);
    }
  }

  @Test
  void anArmedCommitBlackholeCutsTheAnswersFromTheFirstEndTxnOn() throws IOException {
    try (Socket s = connect()) {
      net.armCommitBlackhole();
      byte[] produce = request((short) 0, 10);
      s.getOutputStream().write(produce);
      byte[] echoed = new byte[produce.length];
      new DataInputStream(s.getInputStream()).readFully(echoed);
      assertThat(net.commitsCut()).isZero();

      // an EndTxn split over two writes: it still counts, and its answer is held
      byte[] endTxn = request(NetProxy.END_TXN, 20);
      s.getOutputStream().write(endTxn, 0, 3);
      new DataInputStream(s.getInputStream()).readFully(new byte[3]); // not a request yet
      s.getOutputStream().write(endTxn, 3, endTxn.length - 3);
      long deadline = System.currentTimeMillis() + 2_000;
      while (net.commitsCut() == 0 && System.currentTimeMillis() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(net.commitsCut()).isEqualTo(1);
      assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(
          SocketTimeoutException.class);
      net.heal();
      new DataInputStream(s.getInputStream()).readFully(new byte[endTxn.length - 3]);
    }
  }

  @Test
  void theFramerFollowsRequestsAcrossChunks() {
    NetProxy.RequestFramer framer = new NetProxy.RequestFramer();
    byte[] a = request((short) 1, 5);
    byte[] b = request(NetProxy.END_TXN, 0);
    byte[] stream = ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    // the api key 26 appears inside the first request's body: it must not count
    stream[8] = 0;
    stream[9] = 26;
    assertThat(framer.containsRequest(java.util.Arrays.copyOfRange(stream, 0, 10),
        NetProxy.END_TXN)).isFalse();
    assertThat(framer.containsRequest(java.util.Arrays.copyOfRange(stream, 10, a.length + 4),
        NetProxy.END_TXN)).isFalse();
    assertThat(framer.containsRequest(java.util.Arrays.copyOfRange(stream, a.length + 4,
        stream.length), NetProxy.END_TXN)).isTrue();
  }
}
