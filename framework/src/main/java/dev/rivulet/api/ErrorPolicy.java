package dev.rivulet.api;

/**
 * What happens to a record that cannot be processed (undeserializable key or value, invalid
 * timestamp, the processor throwing, an output that cannot be serialized). In every case the
 * record's partial state writes and emits are discarded first.
 */
public enum ErrorPolicy {
  /** Stop the task's worker: the runtime goes to {@code ERROR} with a message naming the record. */
  FAIL,
  /** Drop the record, count it in {@code rivulet.records.skipped} and log at a throttled rate. */
  SKIP,
  /**
   * Publish the original key/value bytes and headers plus provenance headers to the processor's
   * dead-letter topic, in the same transaction as the input offset (exactly once in the DLQ).
   */
  DEAD_LETTER
}
