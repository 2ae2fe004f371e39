package dev.rivulet.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of the routed state query API while the nemesis works: every second it picks one
 * serving worker at random and asks it over HTTP for a few random keys of the sequencer's store,
 * whichever worker owns them (the worker forwards), half of them allowing stale reads from a
 * standby replica ({@code stale=true}). Each answer becomes a line for
 * {@link DumpChecks#routedReads}: {@code <worker> QA <source> <key> <value json or null>}, where
 * the source is {@code http-active}, {@code http-standby}, or {@code http-fwd-...} when another
 * worker answered, and the value {@code null} for a 404 saying the key has no value; or
 * {@code <worker> QE http-<status> <key> [not ]retryable: [<reason>] <detail>} for an error. A
 * worker the probe cannot reach (killed, stopped) gives no line, only a count: a client would try
 * another.
 */
final class RoutedQueryProbe implements AutoCloseable {
  private static final int KEYS_PER_READ = 10;
  /** Above the forwarding timeout and its grace: the entry worker's answer always comes first. */
  private static final Duration REQUEST_TIMEOUT = QueryServer.FORWARD_TIMEOUT.plusSeconds(5);
  private static final String PATH = "/rivulet/v1/state/" + ChaosTopology.SEQUENCER + "/"
      + ChaosTopology.KEY_STATE.name() + "/keys/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WorkerPool pool;
  private final int keys;
  private final Random random;
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final AtomicLong unreachable = new AtomicLong();
  private final AtomicLong answersWithPeers = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  RoutedQueryProbe(WorkerPool pool, int keys, long seed) {
    this.pool = pool;
    this.keys = keys;
    this.random = new Random(seed ^ 0x40075L);
    this.thread = new Thread(this::loop, "chaos-routed-query-probe");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The answers so far, in the order they came. */
  List<String> lines() {
    return lines;
  }

  /** Requests that reached no worker (it was killed or stopped). */
  long unreachable() {
    return unreachable.get();
  }

  /**
   * Answers (not failures) to requests made while at least one other worker served as well: the
   * reads that could have been forwarded. A short run whose workers seldom serve at the same time
   * has few.
   */
  long answersWithPeers() {
    return answersWithPeers.get();
  }

  private void loop() {
    while (running) {
      List<ForkedJvm> serving = serving();
      if (!serving.isEmpty()) {
        ForkedJvm entry = serving.get(random.nextInt(serving.size()));
        int port = port(entry);
        for (int i = 0; i < KEYS_PER_READ && running; i++) {
          read(entry, port, Driver.key(random.nextInt(keys)), i % 2 == 1, serving.size() > 1);
        }
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Running workers whose query server is up. */
  private List<ForkedJvm> serving() {
    List<ForkedJvm> out = new ArrayList<>();
    for (int slot : pool.runningSlots()) {
      ForkedJvm w = pool.get(slot);
      if (w != null && w.isAlive() && port(w) > 0) {
        out.add(w);
      }
    }
    return out;
  }

  private static int port(ForkedJvm w) {
    for (String line : w.lines()) {
      if (line.startsWith("HTTP ")) {
        return Integer.parseInt(line.substring(5).trim());
      }
    }
    return 0;
  }

  private void read(ForkedJvm entry, int port, String key, boolean stale, boolean withPeers) {
    URI uri = URI.create("http://127.0.0.1:" + port + PATH + key + (stale ? "?stale=true" : ""));
    HttpResponse<String> response;
    try {
      response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      unreachable.incrementAndGet();
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    String line = line(response, key);
    if (withPeers && line.startsWith("QA ")) {
      answersWithPeers.incrementAndGet();
    }
    lines.add(entry.name() + " " + line);
  }

  private static String line(HttpResponse<String> response, String key) {
    int status = response.statusCode();
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (JacksonException e) {
      return "QE http-" + status + " " + key + " unreadable body: " + firstLine(response.body());
    }
    boolean forwarded = response.headers().firstValue("X-Rivulet-Served-By").isPresent()
        || body.path("forwarded").asBoolean(false);
    String source = "http-" + (forwarded ? "fwd-" : "") + body.path("source").asString("?");
    if (status == 200) {
      return "QA " + source + " " + key + " " + JSON.writeValueAsString(body.path("value"));
    }
    if (status == 404 && body.path("reason").asString("").equals("no-value")) {
      // a task or replica answered that the key has no value (yet)
      return "QA " + source + " " + key + " null";
    }
    boolean retryable = status == 503 && response.headers().firstValue("Retry-After").isPresent();
    return "QE http-" + status + " " + key + " " + (retryable ? "retryable: " : "not retryable: ")
        + "[" + body.path("reason").asString("?") + "] "
        + firstLine(body.path("detail").asString(response.body()));
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(REQUEST_TIMEOUT.toMillis() + 1_000);
  }
}
