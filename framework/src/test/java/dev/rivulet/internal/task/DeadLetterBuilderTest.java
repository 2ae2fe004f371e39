package dev.rivulet.internal.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class DeadLetterBuilderTest {
  private static final int LIMIT = 8_000;
  private final DeadLetterBuilder builder = new DeadLetterBuilder("proc", "dlq", () -> LIMIT);

  @Test
  void aRecordThatFitsKeepsKeyValueAndHeadersWhole() {
    ConsumerRecord<byte[], byte[]> r = record("k", "v".repeat(100), 2, 10);

    ProducerRecord<byte[], byte[]> dead = builder.build(r, new IllegalStateException("bad"), 7);

    assertThat(dead.key()).isEqualTo(r.key());
    assertThat(dead.value()).isEqualTo(r.value());
    assertThat(dead.headers().lastHeader("h0")).isNotNull();
    assertThat(header(dead, "truncated")).isNull();
    assertThat(header(dead, "failed-at")).isEqualTo("7");
    assertThat(header(dead, "partition")).isEqualTo("3");
  }

  @Test
  void aLargeValueIsCutToFitAndTheSmallHeadersAndKeyStay() {
    ConsumerRecord<byte[], byte[]> r = record("key", "v".repeat(20_000), 2, 10);

    ProducerRecord<byte[], byte[]> dead = builder.build(r, new IllegalStateException("bad"), 7);

    assertThat(sizeOf(dead)).isLessThanOrEqualTo(LIMIT);
    assertThat(dead.key()).isEqualTo(r.key());
    assertThat(dead.value().length).isBetween(LIMIT / 4, 20_000 - 1);
    assertThat(dead.headers().lastHeader("h1")).isNotNull();
    assertThat(header(dead, "truncated")).isEqualTo("value");
    assertThat(header(dead, "value-bytes")).isEqualTo("20000");
    assertThat(header(dead, "key-bytes")).isEqualTo("3");
    assertThat(header(dead, "offset")).isEqualTo("42");
  }

  @Test
  void largeOriginalHeadersAreDroppedAndCounted() {
    ConsumerRecord<byte[], byte[]> r = record("key", "small", 3, 5_000);

    ProducerRecord<byte[], byte[]> dead = builder.build(r, new IllegalStateException("bad"), 7);

    assertThat(sizeOf(dead)).isLessThanOrEqualTo(LIMIT);
    assertThat(dead.headers().lastHeader("h0")).isNull();
    assertThat(header(dead, "truncated")).isEqualTo("headers");
    assertThat(header(dead, "headers-dropped")).isEqualTo("3");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("small");
  }

  @Test
  void aHugeKeyAndValueAreBothCutAndAHugeMessageIsShortened() {
    ConsumerRecord<byte[], byte[]> r = record("k".repeat(30_000), "v".repeat(30_000), 0, 0);

    ProducerRecord<byte[], byte[]> dead =
        builder.build(r, new IllegalArgumentException("m".repeat(100_000)), 7);

    assertThat(sizeOf(dead)).isLessThanOrEqualTo(LIMIT);
    assertThat(header(dead, "truncated")).isEqualTo("key,value");
    assertThat(dead.key().length).isEqualTo(dead.value().length).isPositive();
    assertThat(header(dead, "message")).hasSizeLessThan(DeadLetterBuilder.MAX_MESSAGE_CHARS + 10);
  }

  @Test
  void aLargeKeyWithASmallValueKeepsTheValueWhole() {
    ConsumerRecord<byte[], byte[]> r = record("k".repeat(30_000), "small", 0, 0);

    ProducerRecord<byte[], byte[]> dead = builder.build(r, new IllegalStateException("bad"), 7);

    assertThat(sizeOf(dead)).isLessThanOrEqualTo(LIMIT);
    assertThat(header(dead, "truncated")).isEqualTo("key");
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("small");
  }

  @Test
  void aTombstoneWithANullKeyNeedsNoCut() {
    ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("in", 0, 1, 5L,
        TimestampType.CREATE_TIME, -1, -1, null, null, new RecordHeaders(), Optional.empty());

    ProducerRecord<byte[], byte[]> dead = builder.build(r, new IllegalStateException("x"), 7);

    assertThat(dead.key()).isNull();
    assertThat(dead.value()).isNull();
    assertThat(header(dead, "truncated")).isNull();
  }

  /** Key, value and headers with per-record and per-header framing, as the builder counts. */
  static int sizeOf(ProducerRecord<byte[], byte[]> r) {
    int size = 32 + (r.key() == null ? 0 : r.key().length)
        + (r.value() == null ? 0 : r.value().length);
    for (Header h : r.headers()) {
      size += 10 + h.key().length() + h.value().length;
    }
    return size;
  }

  private static ConsumerRecord<byte[], byte[]> record(String key, String value, int headers,
      int headerBytes) {
    RecordHeaders h = new RecordHeaders();
    for (int i = 0; i < headers; i++) {
      h.add("h" + i, "x".repeat(headerBytes).getBytes(StandardCharsets.UTF_8));
    }
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    return new ConsumerRecord<>("in", 3, 42, 5L, TimestampType.CREATE_TIME, k.length, v.length,
        k, v, h, Optional.empty());
  }

  private static @Nullable String header(ProducerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(DeadLetterBuilder.HEADER_PREFIX + name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
