package dev.rivulet.bench;

import java.util.Arrays;

/** The systems compared, each run in its own JVM by {@link ContenderMain}. */
enum Contender {
  RAW_ALOS("raw-alos", false, "raw kafka-clients passthrough, at-least-once"),
  RAW_EOS("raw-eos", true, "raw kafka-clients passthrough, transactional (EOS v2)"),
  RAW_EOS_CHANGELOG("raw-eos-changelog", true, "raw-eos plus one 8-byte record per input to a"
      + " compacted second topic in the same transaction, no state: the produce floor of any"
      + " store mirrored to a changelog"),
  STREAMS_ALOS("kstreams-alos", false, "Kafka Streams count per key, at-least-once"),
  STREAMS_EOS("kstreams-eos", true, "Kafka Streams count per key, exactly_once_v2"),
  STREAMS_EOS_TX("kstreams-eos-tx", true, "Kafka Streams count per key, exactly_once_v2 with "
      + "transactional state stores (KIP-892: local state kept after a crash)"),
  STREAMS_EOS_TX_BOUNDED("kstreams-eos-tx-bounded", true, "kstreams-eos-tx on Rivulet's default"
      + " RocksDB memory: one 64 MiB block cache for all stores, 32 MiB of memtables charged to"
      + " it, partitioned index and filters (Kafka Streams' documented bounded-memory setter)"),
  RIVULET_ALOS("rivulet-alos", false, "Rivulet count per key, at-least-once"),
  RIVULET_EOS("rivulet-eos", true, "Rivulet count per key, exactly-once"),
  RIVULET_EOS_STREAMS_MEMORY("rivulet-eos-ksmem", true, "rivulet-eos with the RocksDB memory"
      + " Kafka Streams' defaults give its stores: per task 50 MiB of block cache and 3 x 16 MiB"
      + " of memtables (8 tasks: a 784 MiB cache with 384 MiB of memtables charged to it)");

  private final String id;
  private final boolean exactlyOnce;
  private final String description;

  Contender(String id, boolean exactlyOnce, String description) {
    this.id = id;
    this.exactlyOnce = exactlyOnce;
    this.description = description;
  }

  String id() {
    return id;
  }

  boolean exactlyOnce() {
    return exactlyOnce;
  }

  String description() {
    return description;
  }

  static Contender parse(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown contender '" + id + "'; one of "
            + Arrays.stream(values()).map(Contender::id).toList()));
  }
}
