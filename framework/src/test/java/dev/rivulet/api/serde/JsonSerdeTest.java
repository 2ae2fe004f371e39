package dev.rivulet.api.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The default JSON serde lets types evolve: fields added and removed between versions. */
class JsonSerdeTest {
  record V1(long count, String name) {}

  record V2(long count, String name, long max, boolean seen, String note) {}

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTypeThatGainedFieldsReadsOlderValuesWithDefaults() {
    byte[] old = JsonSerde.of(V1.class).serialize("t", new V1(3, "a"));
    // Jackson 3 refuses a missing primitive by default: the chaos suite's rolling upgrade met it
    assertThat(JsonSerde.of(V2.class).deserialize("t", old))
        .isEqualTo(new V2(3, "a", 0, false, null));
  }

  @Test
  void aTypeThatLostFieldsIgnoresThem() {
    byte[] newer = JsonSerde.of(V2.class).serialize("t", new V2(3, "a", 9, true, "n"));
    assertThat(JsonSerde.of(V1.class).deserialize("t", newer)).isEqualTo(new V1(3, "a"));
  }

  @Test
  void malformedJsonAndWrongTypesAreSerializationExceptions() {
    assertThatThrownBy(() -> JsonSerde.of(V1.class).deserialize("t", json("{\"count\":")))
        .isInstanceOf(SerializationException.class).hasMessageContaining("from topic t");
    assertThatThrownBy(() -> JsonSerde.of(V1.class).deserialize("t",
        json("{\"count\":\"many\"}"))).isInstanceOf(SerializationException.class);
  }
}
