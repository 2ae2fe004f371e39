package dev.rivulet.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.SstFileReader;
import org.rocksdb.TableProperties;
import org.rocksdb.WriteBatch;

class StateEnvironmentTest {
  @TempDir Path dir;

  @Test
  void eachStoreReportsItsOwnSizeInMemtablesAndFiles() throws Exception {
    try (StateEnvironment env = new StateEnvironment(dir, List.of("p/big", "p/small"),
        8L << 20, 8L << 20)) {
      var big = env.family("p/big");
      var small = env.family("p/small");
      Random random = new Random(7);
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < 5_000; i++) {
          batch.put(big, key(i), value(random));
        }
        batch.put(small, key(1), value(random));
        env.write(batch, true);
      }
      long bigInMemory = env.estimatedBytes(big);
      long smallInMemory = env.estimatedBytes(small);
      assertThat(bigInMemory).isGreaterThan(300_000);
      assertThat(smallInMemory).isLessThan(bigInMemory / 100);

      env.flush(List.of(big, small)); // now in files: still counted, still apart
      assertThat(env.estimatedBytes(big)).isGreaterThan(300_000);
      assertThat(env.estimatedBytes(small)).isLessThan(env.estimatedBytes(big) / 20);
    }
  }

  /**
   * A store's files carry their index and Bloom filters in small partitions under a pinned top
   * level. With one filter block per file, a store of a million keys has filter blocks of
   * megabytes; the sharded block cache evicted them and every read loaded one back (benchmarks:
   * 19k instead of 98k records/s at 1M keys).
   */
  @Test
  void filesHavePartitionedIndexAndFilters() throws Exception {
    try (StateEnvironment env = new StateEnvironment(dir, List.of("p/s"), 8L << 20, 8L << 20)) {
      var cf = env.family("p/s");
      Random random = new Random(7);
      try (WriteBatch batch = new WriteBatch()) {
        for (int i = 0; i < 50_000; i++) {
          batch.put(cf, key(i), value(random));
        }
        env.write(batch, true);
      }
      env.flush(List.of(cf));
      assertThat(env.get(cf, key(49_999))).isNotNull();
    }
    List<Path> files;
    try (var walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".sst")).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      try (Options options = new Options(); SstFileReader reader = new SstFileReader(options)) {
        reader.open(file.toString());
        TableProperties properties = reader.getTableProperties();
        assertThat(properties.getFilterSize()).as("Bloom filter in %s", file).isPositive();
        // a two-level index: the top level points at index (and filter) partitions
        assertThat(properties.getIndexPartitions()).as("index partitions in %s", file)
            .isGreaterThan(1);
        assertThat(properties.getTopLevelIndexSize()).isPositive();
      }
    }
  }

  private static byte[] value(Random random) {
    byte[] value = new byte[100]; // random: compression does not shrink it
    random.nextBytes(value);
    return value;
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(8).putInt(0).putInt(i).array();
  }
}
