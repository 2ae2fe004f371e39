package dev.rivulet.sample.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.sample.fraud.FraudPipeline;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The card-velocity processor (sliding window count), run by the test driver. */
class VelocityProcessorTest {
  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  private final FraudPipeline pipeline = new FraudPipeline();
  private int paymentSeq;

  @AfterEach
  void close() {
    pipeline.close();
  }

  /** Payments of card c1 at the given offsets; returns their ids. */
  private List<String> payments(Duration... offsets) {
    List<String> ids = new ArrayList<>();
    for (Duration offset : offsets) {
      Payment payment = new Payment(String.format("p%03d", ++paymentSeq), "c1", "shop",
          new BigDecimal("20.00"), "EUR", "DE", T0.plus(offset));
      pipeline.send(payment);
      ids.add(payment.id());
    }
    return ids;
  }

  private static Duration[] everySeconds(long start, long step, int count) {
    Duration[] offsets = new Duration[count];
    for (int i = 0; i < count; i++) {
      offsets[i] = Duration.ofSeconds(start + i * step);
    }
    return offsets;
  }

  @Test
  void sixPaymentsInTenMinutesRaiseOneAlert() {
    List<String> ids = payments(everySeconds(0, 60, 7));

    assertThat(pipeline.flush().alerts()).singleElement().satisfies(alert -> {
      assertThat(alert.rule()).isEqualTo(Rule.VELOCITY);
      assertThat(alert.paymentIds()).containsExactlyElementsOf(ids.subList(0, 6));
      assertThat(alert.eventTime()).isEqualTo(T0.plusSeconds(300));
      assertThat(alert.evidence()).startsWith("6 payments within 10m 00s");
    });
  }

  @Test
  void fivePaymentsAreWithinTheLimit() {
    payments(everySeconds(0, 60, 5));

    assertThat(pipeline.flush().alerts()).isEmpty();
  }

  @Test
  void theWindowSlides() {
    payments(everySeconds(0, 150, 8)); // one every 2.5 minutes: never more than 4 in 10 minutes

    assertThat(pipeline.flush().alerts()).isEmpty();
  }

  @Test
  void aLaterBurstIsANewEpisode() {
    payments(everySeconds(0, 30, 6));
    payments(everySeconds(1200, 30, 6));

    assertThat(pipeline.flush().alerts()).extracting(FraudAlert::eventTime)
        .containsExactly(T0.plusSeconds(150), T0.plusSeconds(1350));
  }

  @Test
  void arrivalOrderDoesNotMatter() {
    Duration[] offsets = everySeconds(0, 20, 6);
    payments(offsets[1], offsets[0], offsets[3], offsets[2], offsets[5], offsets[4]);

    assertThat(pipeline.flush().alerts()).singleElement()
        .satisfies(alert -> assertThat(alert.paymentIds()).hasSize(6));
  }
}
