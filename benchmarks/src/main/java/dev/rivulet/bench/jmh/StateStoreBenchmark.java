package dev.rivulet.bench.jmh;

import dev.rivulet.internal.state.ChangelogSink;
import dev.rivulet.internal.state.RowCache;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.TaskStore;
import dev.rivulet.internal.state.TtlStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.WriteBatch;

/**
 * Get/put through a task store's transactional buffer over RocksDB ({@link TaskStore} under a
 * {@link TtlStore} on a {@link StateEnvironment}), with {@code keys} committed keys, as the
 * runtime drives it: {@code mark()} per record, and every {@code commitEvery} records a commit
 * (changelog send to a sink that acknowledges at once, buffer into a RocksDB batch, WAL write).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class StateStoreBenchmark {
  @Param({"100000"})
  int keys;

  @Param({"5000"})
  int commitEvery;

  @Param({"0", "3600000"})
  long ttlMillis;

  /** The worker's row cache of committed rows (0 = off: every read of a committed key is JNI). */
  @Param({"0", "33554432"})
  long cacheBytes;

  private Path dir;
  private StateEnvironment env;
  private TaskStore store;
  private TtlStore ttl;
  private byte[][] keyBytes;
  private final SplittableRandom random = new SplittableRandom(7);
  private final ChangelogSink sink = (tp, k, v, onOffset) -> {
    if (onOffset != null) {
      onOffset.accept(0);
    }
  };
  private int sinceCommit;
  private final byte[] one = ByteBuffer.allocate(8).putLong(1).array();

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("rivulet-jmh-state");
    env = new StateEnvironment(dir, List.of("p/s"), 64L << 20, 32L << 20);
    store = new TaskStore(env, "p/s", "s", new TopicPartition("cl", 0), new RowCache(cacheBytes));
    ttl = new TtlStore(store, ttlMillis, System::currentTimeMillis);
    keyBytes = new byte[keys][];
    for (int i = 0; i < keys; i++) {
      keyBytes[i] = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      ttl.put(keyBytes[i], one);
      if (i % 10_000 == 9_999) {
        commit();
      }
    }
    commit();
  }

  private void commit() {
    store.sendChangelog(sink);
    try (WriteBatch batch = new WriteBatch()) {
      store.commitTo(batch);
      env.write(batch, true);
    }
    sinceCommit = 0;
  }

  private byte[] randomKey() {
    return keyBytes[random.nextInt(keys)];
  }

  /** A read of a committed key, nothing buffered: the RocksDB path. */
  @Benchmark
  public byte[] getCommitted() {
    return ttl.get(randomKey());
  }

  /** The per-record cost of a count: mark, get, put; commit amortized over commitEvery records. */
  @Benchmark
  public void countUpdate() {
    store.mark();
    byte[] key = randomKey();
    byte[] current = ttl.get(key);
    long next = (current == null ? 0 : ByteBuffer.wrap(current, current.length - 8, 8).getLong())
        + 1;
    ttl.put(key, ByteBuffer.allocate(8).putLong(next).array());
    if (++sinceCommit >= commitEvery) {
      commit();
    }
  }

  /** A put only (blind write), commit amortized. */
  @Benchmark
  public void put() {
    store.mark();
    ttl.put(randomKey(), one);
    if (++sinceCommit >= commitEvery) {
      commit();
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    env.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
