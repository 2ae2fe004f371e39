package dev.rivulet.spring.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.rivulet.api.runtime.RivuletMetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeterSamplerTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicLong clock = new AtomicLong(1_000_000);

  private Counter counter(String name, String processor, int partition) {
    return registry.counter(name, "processor", processor, "partition",
        Integer.toString(partition));
  }

  private void tick(long millis) {
    clock.addAndGet(millis);
  }

  @Test
  void firstSampleIsTheBaselineAndTheNextOnesAreRatesPerSecond() {
    MeterSampler sampler = new MeterSampler(registry, clock::get, 10);
    Counter in0 = counter(RivuletMetricNames.RECORDS_IN, "p", 0);
    Counter in1 = counter(RivuletMetricNames.RECORDS_IN, "p", 1);
    Counter out = counter(RivuletMetricNames.RECORDS_OUT, "p", 0);
    Counter commits = registry.counter(RivuletMetricNames.COMMITS, "thread", "w-0");
    in0.increment(500); // before the baseline: never charted
    sampler.sample();
    assertThat(sampler.samplesAfter(-1)).isEmpty();

    in0.increment(30);
    in1.increment(10);
    out.increment(8);
    commits.increment(4);
    tick(2_000);
    sampler.sample();

    assertThat(sampler.samplesAfter(-1)).singleElement().satisfies(s -> {
      assertThat(s.time()).isEqualTo(1_002_000);
      assertThat(s.recordsIn()).isEqualTo(20.0);
      assertThat(s.recordsOut()).isEqualTo(4.0);
      assertThat(s.commits()).isEqualTo(2.0);
      assertThat(s.aborts()).isZero();
      assertThat(s.processingMillis()).as("nothing timed").isNull();
    });
  }

  @Test
  void latenciesAreTheMeanOfWhatWasTimedInTheInterval() {
    MeterSampler sampler = new MeterSampler(registry, clock::get, 10);
    Timer a = registry.timer(RivuletMetricNames.PROCESSING_LATENCY, "processor", "a");
    Timer b = registry.timer(RivuletMetricNames.PROCESSING_LATENCY, "processor", "b");
    Timer e2e = registry.timer(RivuletMetricNames.END_TO_END_LATENCY, "processor", "a");
    a.record(Duration.ofMillis(100)); // before the baseline
    sampler.sample();
    a.record(Duration.ofMillis(2));
    b.record(Duration.ofMillis(4));
    b.record(Duration.ofMillis(6));
    e2e.record(Duration.ofMillis(250));
    tick(1_000);
    sampler.sample();

    assertThat(sampler.samplesAfter(-1)).singleElement().satisfies(s -> {
      assertThat(s.processingMillis()).isEqualTo(4.0);
      assertThat(s.endToEndMillis()).isEqualTo(250.0);
    });
  }

  @Test
  void aTaskMovedAwayAndBackCountsFromZeroAndNeverNegative() {
    MeterSampler sampler = new MeterSampler(registry, clock::get, 10);
    Counter in = counter(RivuletMetricNames.RECORDS_IN, "p", 3);
    in.increment(100);
    sampler.sample();
    registry.remove(in); // task closed: its meters go
    tick(1_000);
    sampler.sample();
    Counter again = counter(RivuletMetricNames.RECORDS_IN, "p", 3); // reassigned: from zero
    again.increment(7);
    tick(1_000);
    sampler.sample();

    assertThat(sampler.samplesAfter(-1)).extracting(MeterSample::recordsIn)
        .containsExactly(0.0, 7.0);
  }

  @Test
  void deadLettersAreTotalledPerProcessorAcrossReassignments() {
    MeterSampler sampler = new MeterSampler(registry, clock::get, 10);
    sampler.sample();
    Counter dlq = counter(RivuletMetricNames.RECORDS_DEAD_LETTERED, "orders", 0);
    dlq.increment(2);
    counter(RivuletMetricNames.RECORDS_DEAD_LETTERED, "payments", 1).increment();
    tick(1_000);
    sampler.sample();
    registry.remove(dlq);
    counter(RivuletMetricNames.RECORDS_DEAD_LETTERED, "orders", 0).increment(3);
    tick(1_000);
    sampler.sample();

    assertThat(sampler.deadLetters()).containsExactly(
        java.util.Map.entry("orders", 5L), java.util.Map.entry("payments", 1L));
    assertThat(sampler.samplesAfter(-1)).extracting(MeterSample::deadLetters)
        .containsExactly(3.0, 3.0);
  }

  @Test
  void keepsAtMostCapacitySamplesDroppingTheOldest() {
    MeterSampler sampler = new MeterSampler(registry, clock::get, 3);
    for (int i = 0; i < 6; i++) {
      sampler.sample();
      tick(1_000);
    }
    assertThat(sampler.samplesAfter(-1)).extracting(MeterSample::time)
        .containsExactly(1_003_000L, 1_004_000L, 1_005_000L);
    assertThat(sampler.samplesAfter(1_004_000)).extracting(MeterSample::time)
        .containsExactly(1_005_000L);
  }

  @Test
  void capacityMustBePositive() {
    assertThatIllegalArgumentException().isThrownBy(() -> new MeterSampler(registry, clock::get,
        0));
  }
}
