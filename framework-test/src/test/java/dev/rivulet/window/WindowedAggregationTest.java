package dev.rivulet.window;

import static dev.rivulet.window.WindowFixtures.LATE;
import static dev.rivulet.window.WindowFixtures.definition;
import static dev.rivulet.window.WindowFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.window.WindowResult;
import dev.rivulet.api.window.WindowedAggregation;
import dev.rivulet.api.window.Windows;
import dev.rivulet.window.WindowFixtures.Event;
import dev.rivulet.window.WindowFixtures.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration errors, declarations and the result serde. */
class WindowedAggregationTest {

  @Test
  void sessionAndSlidingWindowsNeedAMerger() {
    for (Windows w : new Windows[] {Windows.session(Duration.ofSeconds(1)),
        Windows.sliding(Duration.ofSeconds(1))}) {
      var builder = WindowedAggregation.<String, Event, Ids>of(w)
          .aggregator(Ids::empty, Ids::add).accumulatorType(Ids.class);
      assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("merger");
    }
    assertThat(WindowedAggregation.<String, Event, Ids>of(Windows.tumbling(Duration.ofSeconds(1)))
        .aggregator(Ids::empty, Ids::add).accumulatorType(Ids.class).build()).isNotNull();
  }

  @Test
  void incompleteAggregationsAndBadWindowsAreRejectedWithTheFix() {
    assertThatThrownBy(() -> WindowedAggregation.<String, Event, Ids>of(
        Windows.tumbling(Duration.ofSeconds(1))).accumulatorType(Ids.class).build())
        .hasMessageContaining("aggregator(");
    assertThatThrownBy(() -> WindowedAggregation.<String, Event, Ids>of(
        Windows.tumbling(Duration.ofSeconds(1))).aggregator(Ids::empty, Ids::add).build())
        .hasMessageContaining("accumulatorType(");
    assertThatThrownBy(() -> Windows.hopping(Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .hasMessageContaining("larger than its size");
    assertThatThrownBy(() -> Windows.tumbling(Duration.ofNanos(10)))
        .hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> Windows.session(Duration.ofSeconds(-1)))
        .hasMessageContaining("at least 1 ms");
    assertThatThrownBy(() -> ids(Windows.tumbling(Duration.ofSeconds(1)),
        b -> b.allowedLateness(Duration.ofSeconds(-1)))).hasMessageContaining("allowedLateness");
    assertThatThrownBy(() -> ids(Windows.tumbling(Duration.ofSeconds(1)),
        b -> b.stateName("bad name"))).hasMessageContaining("invalid");
  }

  @Test
  void theDefinitionDeclaresTheStateAndTheLateOutput() {
    var agg = ids(Windows.tumbling(Duration.ofSeconds(1)), b -> b.lateRecordsTo(LATE));
    ProcessorDefinition<String, Event, WindowResult<String, Ids>> def =
        definition(agg, Duration.ZERO);
    assertThat(def.stateSpecs()).extracting(StateSpec::name)
        .containsExactly("window", "window-schedule");
    assertThat(def.namedOutputs()).containsEntry(LATE.name(), LATE);
    assertThat(agg.lateOutput()).contains(LATE);
  }

  @Test
  void twoAggregationsInOneProcessorNeedDistinctStateNames() {
    var first = ids(Windows.tumbling(Duration.ofSeconds(1)), b -> b);
    var second = ids(Windows.tumbling(Duration.ofSeconds(5)), b -> b);
    var renamed = ids(Windows.tumbling(Duration.ofSeconds(5)), b -> b.stateName("five-s"));
    assertThatThrownBy(() -> second.declareOn(first.definitionBuilder("p")).keyType(String.class)
        .input("in", Event.class).build()).hasMessageContaining("declares a state name twice");
    assertThat(renamed.declareOn(first.definitionBuilder("p")).keyType(String.class)
        .input("in", Event.class).build().stateSpecs()).extracting(StateSpec::name)
        .containsExactly("window", "window-schedule", "five-s", "five-s-schedule");
  }

  @Test
  void resultsRoundTripThroughTheJsonSerde() {
    var serde = WindowResult.jsonSerde(String.class, Ids.class);
    var result = new WindowResult<>("card-1", 60_000L, 120_000L, Ids.of("a", "b"), true);
    byte[] json = serde.serializer().serialize("t", result);
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
        "{\"key\":\"card-1\",\"start\":60000,\"end\":120000,"
            + "\"aggregate\":{\"ids\":[\"a\",\"b\"]},\"isFinal\":true}");
    assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(result);
  }
}
