package dev.rivulet.chaos;

import dev.rivulet.api.serde.JsonSerde;
import dev.rivulet.chaos.ChaosModel.InputEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

/**
 * Plans the input from a seed (good records with a unique id and a per-key sequence number, bad
 * records of every {@link BadKind} interleaved at random positions) and produces it at an even
 * pace over a given time, with an idempotent producer that rides out broker restarts.
 */
final class Driver {
  private static final JsonSerde<InputEvent> JSON = JsonSerde.of(InputEvent.class);

  /** One planned record; {@code bad} is null for a good one. */
  record Planned(
      String id, byte @Nullable [] key, byte @Nullable [] value, @Nullable BadKind bad) {}

  private final List<Planned> plan;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicReference<@Nullable Exception> error = new AtomicReference<>();

  Driver(List<Planned> plan) {
    this.plan = plan;
  }

  static String key(int i) {
    return "k" + i;
  }

  /** The plan of a profile and seed. */
  static Driver plan(ChaosProfile profile, long seed) {
    Random random = new Random(seed);
    List<Planned> good = new ArrayList<>(profile.records());
    Map<String, Long> seqs = new HashMap<>();
    for (int i = 0; i < profile.records(); i++) {
      String key = key(random.nextInt(profile.keys()));
      long seq = seqs.merge(key, 1L, Long::sum);
      good.add(event("id" + i, key, seq, 1 + random.nextInt(1_000), null, null));
    }
    List<Planned> bad = new ArrayList<>();
    for (BadKind kind : BadKind.values()) {
      for (int n = 0; n < profile.badPerKind(); n++) {
        bad.add(badRecord(kind, "bad-" + kind.label() + "-" + n,
            key(random.nextInt(profile.keys())), random));
      }
    }
    Collections.shuffle(bad, random);
    // interleave: each bad record at a random position of the good stream, order kept
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < bad.size(); i++) {
      positions.add(random.nextInt(profile.records() + 1));
    }
    Collections.sort(positions);
    List<Planned> all = new ArrayList<>(good.size() + bad.size());
    int b = 0;
    for (int i = 0; i <= good.size(); i++) {
      while (b < bad.size() && positions.get(b) == i) {
        all.add(bad.get(b++));
      }
      if (i < good.size()) {
        all.add(good.get(i));
      }
    }
    return new Driver(all);
  }

  private static Planned event(String id, String key, long seq, long amount,
      @Nullable String fault, @Nullable Long eventTime) {
    return new Planned(id, bytes(key),
        JSON.serialize(null, new InputEvent(id, key, seq, amount, fault, eventTime)), null);
  }

  private static Planned badRecord(BadKind kind, String id, String key, Random random) {
    byte[] k = bytes(key);
    return switch (kind) {
      case GARBAGE_BYTES -> {
        byte[] v = new byte[16 + random.nextInt(64)];
        random.nextBytes(v);
        v[0] = (byte) 0xFE; // never valid JSON
        yield new Planned(id, k, v, kind);
      }
      case WRONG_SCHEMA -> new Planned(id, k, bytes("{\"id\":\"" + id + "\",\"key\":\"" + key
          + "\",\"seq\":\"not-a-number\",\"amount\":{\"nested\":true}}"), kind);
      case NULL_KEY -> new Planned(id, null, JSON.serialize(null,
          new InputEvent(id, key, 0, 1, null, null)), kind);
      case NULL_VALUE -> new Planned(id, k, null, kind);
      case PROCESSOR_THROWS -> withKind(event(id, key, 0, 1, "poison", null), kind);
      case OVERSIZED_OUTPUT -> withKind(event(id, key, 0, 1, "oversized", null), kind);
      case HUGE_KEY -> {
        String huge = "huge-" + id + "-" + "K".repeat(100 * 1024);
        yield withKind(event(id, huge, 0, 1, null, null), kind);
      }
      case NEGATIVE_EVENT_TIME -> withKind(event(id, key, 0, 1, null, -1_000L), kind);
    };
  }

  private static Planned withKind(Planned p, BadKind kind) {
    return new Planned(p.id(), p.key(), p.value(), kind);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  List<Planned> plan() {
    return plan;
  }

  long acked() {
    return acked.get();
  }

  @Nullable Exception error() {
    return error.get();
  }

  /** Produces the whole plan, evenly over {@code duration}; returns once every record is acked. */
  void produce(String bootstrap, String topic, Duration duration) throws InterruptedException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "chaos-driver");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 900_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 900_000);
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    long start = System.nanoTime();
    long perRecordNanos = duration.toNanos() / Math.max(1, plan.size());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (int i = 0; i < plan.size(); i++) {
        long due = start + i * perRecordNanos;
        long wait = due - System.nanoTime();
        if (wait > 2_000_000) {
          Thread.sleep(wait / 1_000_000);
        }
        Planned r = plan.get(i);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, r.key(), r.value());
        record.headers().add(ChaosModel.ID_HEADER, bytes(r.id()));
        producer.send(record, (md, e) -> {
          if (e != null) {
            error.compareAndSet(null, e);
          } else {
            acked.incrementAndGet();
          }
        });
        sent.incrementAndGet();
      }
      producer.flush();
    }
  }
}
