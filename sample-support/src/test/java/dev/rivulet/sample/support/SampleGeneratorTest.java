package dev.rivulet.sample.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SampleGeneratorTest {
  private static final long HOUR = 3_600_000;

  private final AtomicLong wall = new AtomicLong(10 * HOUR);
  private final Recorder generator = new Recorder(wall::get);

  @AfterEach
  void close() {
    generator.close();
  }

  @Test
  void eachTickMovesTheSimulationToTheEventTimeTheClockReads() {
    generator.start();

    assertThat(generator.clock).isEqualTo(new EventClock(10 * HOUR, 9 * HOUR, 60));
    assertThat(generator.origin()).isEqualTo(9 * HOUR);
    // created at the origin first; the generator's thread may have ticked once already
    assertThat(generator.simulation).first().isEqualTo(-9 * HOUR);
    await().atMost(10, TimeUnit.SECONDS).until(() -> generator.eventTime() == 9 * HOUR);

    wall.addAndGet(30_000); // 30 s at 60x: 30 minutes of event time
    await().atMost(10, TimeUnit.SECONDS)
        .until(() -> generator.eventTime() == 9 * HOUR + HOUR / 2);
    assertThat(generator.simulation).contains(9 * HOUR + HOUR / 2);
    wall.addAndGet(HOUR); // caught up: event time is the wall clock's
    await().atMost(10, TimeUnit.SECONDS).until(() -> generator.eventTime() == wall.get());
  }

  @Test
  void aFailedTickIsRetriedOnTheNext() {
    generator.failures.set(2);
    generator.start();

    await().atMost(10, TimeUnit.SECONDS).until(() -> generator.simulation.size() > 1);
    assertThat(generator.failures.get()).isNegative();
    assertThat(generator.eventTime()).isEqualTo(9 * HOUR);
  }

  @Test
  void executeRunsOnTheGeneratorsThreadWithTheSimulation() throws Exception {
    generator.start();
    CompletableFuture<String> thread = new CompletableFuture<>();

    generator.execute(simulation -> {
      simulation.add(-1L);
      thread.complete(Thread.currentThread().getName());
    });

    assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("test-generator");
    assertThat(generator.simulation).contains(-1L);
  }

  @Test
  void startsOnceAndStopsOnce() {
    assertThat(generator.origin()).isEqualTo(Long.MIN_VALUE);
    assertThat(generator.eventTime()).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> generator.execute(s -> { }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The test generator is not running");
    generator.close();
    assertThat(generator.stops).as("never started").hasValue(0);

    generator.start();
    assertThatThrownBy(generator::start).isInstanceOf(IllegalStateException.class);

    generator.close();
    generator.close();
    assertThat(generator.stops).hasValue(1);
    assertThatThrownBy(() -> generator.execute(s -> { }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The test generator is not running");
  }

  /** Its simulation records -origin, then each event time it is moved to. */
  static final class Recorder extends SampleGenerator<List<Long>> {
    final List<Long> simulation = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger stops = new AtomicInteger();
    volatile EventClock clock;

    Recorder(LongSupplier wallClock) {
      super("test generator", "test-generator", new EventClockTest.Pace(60, Duration.ofHours(1)),
          wallClock);
    }

    @Override
    protected List<Long> simulationAt(long origin) {
      simulation.add(-origin);
      return simulation;
    }

    @Override
    protected void advance(List<Long> simulation, long eventTime) {
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("broker away");
      }
      simulation.add(eventTime);
    }

    @Override
    protected void started(EventClock clock) {
      this.clock = clock;
    }

    @Override
    protected void stopped() {
      stops.incrementAndGet();
    }
  }
}
