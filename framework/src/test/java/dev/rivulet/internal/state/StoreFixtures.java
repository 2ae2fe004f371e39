package dev.rivulet.internal.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.WriteBatch;

/** Shared helpers of the state tests: a store on a temporary directory and a fake changelog. */
final class StoreFixtures {
  static final String ID = "proc/store";
  static final TopicPartition CHANGELOG = new TopicPartition("app-proc-store-changelog", 3);

  private StoreFixtures() {}

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  static StateEnvironment open(Path dir) {
    return new StateEnvironment(dir, List.of(ID), 1 << 20, 1 << 20);
  }

  /** Sends to a fake changelog whose offsets count up from {@code base}. */
  static ChangelogSink sink(List<String> sent, long base) {
    return (tp, key, value, onOffset) -> {
      sent.add(s(key) + "=" + s(value));
      if (onOffset != null) { // asked for the last send of a store only
        onOffset.accept(base + sent.size() - 1);
      }
    };
  }

  static void commit(StateEnvironment env, TaskStore store) {
    try (WriteBatch batch = new WriteBatch()) {
      store.commitTo(batch);
      env.write(batch, true);
    }
  }

  /** Scan results as {@code key=value} strings. */
  static List<String> keys(List<Map.Entry<byte[], byte[]>> entries) {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> out.add(s(e.getKey()) + "=" + s(e.getValue())));
    return out;
  }
}
