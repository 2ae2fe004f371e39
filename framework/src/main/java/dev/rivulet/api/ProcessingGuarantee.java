package dev.rivulet.api;

/** How inputs, outputs and state changes are committed. */
public enum ProcessingGuarantee {
  /**
   * Outputs, changelog writes, timer changes and input offsets of one commit interval are one
   * Kafka transaction; inputs are read {@code read_committed}. The default.
   */
  EXACTLY_ONCE,
  /**
   * Outputs and changelog writes are flushed before offsets are committed; after a crash some
   * records may be processed again.
   */
  AT_LEAST_ONCE
}
