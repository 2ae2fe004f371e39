package dev.rivulet.internal.task;

import static dev.rivulet.internal.task.TaskFixture.COUNT;
import static dev.rivulet.internal.task.TaskFixture.IN;
import static dev.rivulet.internal.task.TaskFixture.count;
import static dev.rivulet.internal.task.TaskFixture.definition;
import static dev.rivulet.internal.task.TaskFixture.record;
import static dev.rivulet.internal.task.TaskFixture.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.Output;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.api.state.StateSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context a processor sees, exercised through a task. */
class RecordContextTest {
  private static final Output<String, String> ALERTS =
      new Output<>("alerts", "alerts-topic", RivuletSerdes.string(), RivuletSerdes.string());
  private static final Output<String, String> UNDECLARED =
      new Output<>("other", "other-topic", RivuletSerdes.string(), RivuletSerdes.string());

  @TempDir Path dir;
  private TaskFixture fx;

  @BeforeEach
  void open() {
    fx = new TaskFixture(dir);
  }

  @AfterEach
  void close() {
    fx.close();
  }

  @Test
  void emitsGoToTheDefaultOutputWithTheRecordsKeyAndTimestampUnlessGiven() {
    Task<String, String, Long> task = fx.running(definition((value, ctx) -> {
      ctx.emit(1L);
      ctx.emit("other-key", 2L);
      ctx.emit("late", 3L, 7L);
    }).build());

    task.process(record(IN, 0, "a", "x", 100));

    assertThat(fx.sent).extracting(r -> TaskFixture.longOutput(r) + "@" + r.timestamp())
        .containsExactly("out:a=1@100", "out:other-key=2@100", "out:late=3@7");
  }

  @Test
  void emitsToANamedOutputUseItsTopicAndSerdes() {
    Task<String, String, Long> task = fx.running(definition((value, ctx) ->
        ctx.emit(ALERTS, ctx.key(), "alert:" + value)).output(ALERTS).build());

    task.process(record(0, "a", "x"));

    assertThat(fx.sent).singleElement().satisfies(r -> {
      assertThat(r.topic()).isEqualTo("alerts-topic");
      assertThat(s(r.key()) + "=" + s(r.value())).isEqualTo("a=alert:x");
    });
  }

  @Test
  void anEmitToAnUndeclaredOutputIsRejectedAndNothingOfTheRecordIsSent() {
    Task<String, String, Long> task = fx.running(definition((value, ctx) -> {
      ctx.emit(1L);
      ctx.emit(UNDECLARED, "k", "v");
    }).output(ALERTS).build());

    assertThatThrownBy(() -> task.process(record(0, "a", "x")))
        .isInstanceOf(TaskFailedException.class)
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Output 'other' is not declared");
    assertThat(fx.sent).isEmpty();
  }

  @Test
  void anEmitToTheDefaultOutputOfAProcessorWithoutOneIsRejected() {
    ProcessorDefinition<String, String, Long> d = ProcessorDefinition
        .<String, String, Long>builder(TaskFixture.ID, (value, ctx) -> ctx.emit(1L))
        .keySerde(RivuletSerdes.string()).input(IN, RivuletSerdes.string()).output(ALERTS)
        .state(COUNT).build();
    Task<String, String, Long> task = fx.running(d);

    assertThatThrownBy(() -> task.process(record(0, "a", "x")))
        .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("no default output");
  }

  @Test
  void theKeyIsDeserializedOnlyWhenAskedForAndOncePerRecord() {
    AtomicInteger deserialized = new AtomicInteger();
    Deserializer<String> counting = (topic, data) -> {
      deserialized.incrementAndGet();
      return new String(data);
    };
    Serde<String> keys = Serdes.serdeFrom(RivuletSerdes.string().serializer(), counting);
    List<String> seen = new ArrayList<>();
    ProcessorDefinition<String, String, Long> d = ProcessorDefinition
        .<String, String, Long>builder(TaskFixture.ID, (value, ctx) -> {
          if (value.equals("ask")) {
            seen.add(ctx.key());
            seen.add(ctx.key());
          }
          ctx.emit(1L);
        })
        .keySerde(keys).input(IN, RivuletSerdes.string()).output(TaskFixture.OUT,
            RivuletSerdes.longs()).state(COUNT).build();
    Task<String, String, Long> task = fx.running(d);

    task.process(record(0, "a", "skip"));
    assertThat(deserialized).hasValue(0);
    task.process(record(1, "b", "ask"));

    assertThat(deserialized).hasValue(1);
    assertThat(seen).containsExactly("b", "b");
    assertThat(fx.sent).extracting(r -> s(r.key())).containsExactly("a", "b");
  }

  @Test
  void stateIsScopedToTheRecordsKey() {
    KeyedProcessor<String, String, Long> counting = (value, ctx) -> {
      long n = ctx.state(COUNT).getOrDefault(0L) + 1;
      ctx.state(COUNT).put(n);
    };
    Task<String, String, Long> task = fx.running(definition(counting).build());

    task.process(record(0, "a", "x"));
    task.process(record(1, "b", "x"));
    task.process(record(2, "a", "x"));

    assertThat(count(task, "a")).isEqualTo(2L);
    assertThat(count(task, "b")).isEqualTo(1L);
    assertThat(count(task, "c")).isNull();
  }

  @Test
  void anUndeclaredStateIsRejected() {
    var undeclared = StateSpec.value("nope", RivuletSerdes.longs());
    Task<String, String, Long> task =
        fx.running(definition((value, ctx) -> ctx.state(undeclared).put(1L)).build());

    assertThatThrownBy(() -> task.process(record(0, "a", "x")))
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("State 'nope' is not declared");
  }

  @Test
  void theContextDescribesTheCurrentRecord() {
    List<String> seen = new ArrayList<>();
    Task<String, String, Long> task = fx.running(definition((value, ctx) -> seen.add(
        ctx.topic() + "/" + ctx.partition() + "@" + ctx.offset() + " t=" + ctx.timestamp()
            + " now=" + ctx.currentProcessingTime())).build());

    task.process(record(IN, 41, "a", "x", 77));

    assertThat(seen).containsExactly("in/0@41 t=77 now=1000");
  }
}
