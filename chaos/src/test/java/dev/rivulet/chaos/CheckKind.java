package dev.rivulet.chaos;

/**
 * What a check's violations mean, for the report's summary line: each kind with a figure of its
 * own sums the violations of its checks; {@link #OTHER} checks appear only in the list.
 */
enum CheckKind {
  /** Input with no output. */
  LOST("lost"),
  /** Output more than once. */
  DUPLICATED("duplicated"),
  /** Final state (changelogs, queries, replicas) unlike the reference. */
  STATE("state mismatches"),
  /** Window results unlike the offline recomputation. */
  WINDOW("window mismatches"),
  /** The expirer's outputs unlike the TTL reference. */
  TTL("TTL mismatches"),
  /** Dead letters missing, repeated or without provenance. */
  DLQ("DLQ mismatches"),
  /** Reads during the faults that answered wrongly or failed other than retryably. */
  READS("wrong reads"),
  /** Everything else: offsets, transactions, sequence numbers, fault budget, worker health. */
  OTHER(null);

  private final String figure;

  CheckKind(String figure) {
    this.figure = figure;
  }

  /** The summary's words for this kind's figure; null for {@link #OTHER}. */
  String figure() {
    return figure;
  }
}
