package dev.rivulet.chaos;

/** The kinds of bad input the driver interleaves; each must land in the DLQ exactly once. */
enum BadKind {
  /** Random bytes: the JSON value deserializer fails. */
  GARBAGE_BYTES("garbage"),
  /** Valid JSON with wrongly typed fields: the deserializer fails. */
  WRONG_SCHEMA("schema"),
  /** No key: the runtime rejects it before the processor. */
  NULL_KEY("nullkey"),
  /** No value: the processor rejects it. */
  NULL_VALUE("nullvalue"),
  /** The processor writes state, emits, then throws: everything must be rolled back. */
  PROCESSOR_THROWS("throws"),
  /** The processor emits an output over max.request.size: rolled back, dead-lettered. */
  OVERSIZED_OUTPUT("oversized"),
  /** A 100 KB key: the processor rejects keys over 1 KiB. */
  HUGE_KEY("hugekey"),
  /** The timestamp extractor yields a negative event time. */
  NEGATIVE_EVENT_TIME("negtime");

  private final String label;

  BadKind(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** The kind of a bad record id {@code bad-<label>-<n>}, or null for a good id. */
  static BadKind ofId(String id) {
    if (!id.startsWith("bad-")) {
      return null;
    }
    String label = id.substring(4, id.lastIndexOf('-'));
    for (BadKind k : values()) {
      if (k.label.equals(label)) {
        return k;
      }
    }
    return null;
  }
}
