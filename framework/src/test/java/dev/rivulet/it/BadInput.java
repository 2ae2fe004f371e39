package dev.rivulet.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Generates good payments interleaved with 50 records of each bad kind, and the expectations. */
final class BadInput {
  /** Bad kinds and the exception the dead-letter headers must name. */
  static final Map<String, String> KINDS = new TreeMap<>(Map.of(
      "undeserializable", "org.apache.kafka.common.errors.SerializationException",
      "truncated-json", "org.apache.kafka.common.errors.SerializationException",
      "wrong-schema", "org.apache.kafka.common.errors.SerializationException",
      "empty-value", "org.apache.kafka.common.errors.SerializationException",
      "null-key", "java.lang.IllegalArgumentException",
      "processor-throws", PaymentsProcessor.NegativeAmountException.class.getName(),
      "output-too-large", "org.apache.kafka.common.errors.RecordTooLargeException"));

  final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
  final List<String> goodIds = new ArrayList<>();
  final Map<String, String> badKindByValue = new java.util.HashMap<>();
  int tombstones;

  BadInput(int good, int perKind) {
    long now = System.currentTimeMillis();
    String bigKey = "K".repeat(100 * 1024);
    int bad = 0;
    for (int i = 0; i < good; i++) {
      String key = i % 10 == 0 ? bigKey : i % 15 == 0 ? "" : "card" + (i % 20);
      add(key, json("g" + i, 10), now);
      goodIds.add("g" + i);
      if (i % 7 == 0 && bad < perKind * KINDS.size()) {
        String kind = List.copyOf(KINDS.keySet()).get(bad % KINDS.size());
        addBad(kind, bad++, now);
      }
      if (i % 50 == 0) {
        add("card" + (i % 20), null, now); // a tombstone: documented, not bad input
        tombstones++;
      }
    }
    while (bad < perKind * KINDS.size()) {
      String kind = List.copyOf(KINDS.keySet()).get(bad % KINDS.size());
      addBad(kind, bad++, now);
    }
  }

  private static byte[] json(String id, double amount) {
    return ("{\"id\":\"" + id + "\",\"amount\":" + amount + "}").getBytes(StandardCharsets.UTF_8);
  }

  private void add(String key, byte[] value, long ts) {
    records.add(new ProducerRecord<>("unused", null, ts,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
  }

  private void addBad(String kind, int n, long ts) {
    byte[] value = switch (kind) {
      case "undeserializable" -> new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, (byte) n};
      case "truncated-json" -> ("{\"id\":\"t" + n + "\",\"amo").getBytes(StandardCharsets.UTF_8);
      case "wrong-schema" -> ("{\"id\":\"w" + n + "\",\"amount\":\"lots\"}")
          .getBytes(StandardCharsets.UTF_8);
      case "empty-value" -> new byte[0];
      case "null-key" -> json("nk" + n, 1);
      case "processor-throws" -> json("neg" + n, -1);
      case "output-too-large" -> json("huge" + n, 1);
      default -> throw new IllegalArgumentException(kind);
    };
    add(kind.equals("null-key") ? null : "bad" + n, value, ts);
  }

  void produce(String topic) {
    Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000,
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (ProducerRecord<byte[], byte[]> r : records) {
        producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value()));
      }
      producer.flush();
    }
  }

  int badCount() {
    return records.size() - goodIds.size() - tombstones;
  }
}
