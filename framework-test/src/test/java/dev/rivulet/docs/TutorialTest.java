package dev.rivulet.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.docs.Tutorial.CardVelocity;
import dev.rivulet.docs.Tutorial.Payment;
import dev.rivulet.test.ProcessorTestDriver;
import org.junit.jupiter.api.Test;

/** Runs the README's tutorial processor and window definitions. */
class TutorialTest {

  @Test
  void theTutorialProcessorAlertsOnTheSixthPaymentAndForgetsAfterItsTimer() {
    var velocity = Tutorial.velocity();
    Payment payment = new Payment("card-1", 1_000);
    // tag::test-driver[]
    try (var driver = ProcessorTestDriver.of(velocity)) {
      for (int i = 1; i <= 6; i++) {
        driver.pipe("payments", "card-1", payment, i * 1_000L);  // event time i seconds
      }
      assertThat(driver.readOutput()).singleElement()                // the 6th: more than 5
          .satisfies(alert -> assertThat(alert.value().count()).isEqualTo(6));
      assertThat(driver.state(CardVelocity.COUNT, "card-1")).isEqualTo(6L);

      driver.pipe("payments", "card-2", payment, 700_000L);  // watermark passes the timers
      assertThat(driver.state(CardVelocity.COUNT, "card-1")).isNull();
    }
    // end::test-driver[]
  }

  @Test
  void theTutorialWindowDefinitionBuilds() {
    assertThat(Tutorial.perCard().id()).isEqualTo("per-card-stats");
    assertThat(Tutorial.STATS).isNotNull();
  }
}
