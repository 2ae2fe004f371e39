package dev.rivulet.internal.state;

import java.util.function.LongConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/** Where a store's changelog writes go: the worker's producer, or nothing in the test driver. */
@FunctionalInterface
public interface ChangelogSink {

  /**
   * Sends one changelog record; {@code onOffset}, if not null, receives its offset once
   * acknowledged (on a producer I/O thread). A {@code null} value is a tombstone. Sends to one
   * partition are acknowledged in order, so a store asks for the offset of its last send only.
   */
  void send(TopicPartition changelog, byte[] key, byte @Nullable [] value,
      @Nullable LongConsumer onOffset);
}
