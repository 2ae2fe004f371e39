package dev.rivulet.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  private static byte[] value(Random random) {
    byte[] value = new byte[100]; // random: compression does not shrink it
    random.nextBytes(value);
    return value;
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(8).putInt(0).putInt(i).array();
  }
}
