package dev.rivulet.sample.fraud.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivulet.sample.fraud.FraudPipeline;
import dev.rivulet.sample.fraud.model.CardEvent;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rules of the card-fraud processor, run by the test driver (no broker). */
class CardFraudProcessorTest {
  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");

  private final FraudPipeline pipeline = new FraudPipeline();
  private int paymentSeq;

  @AfterEach
  void close() {
    pipeline.close();
  }

  private Payment pay(String card, String amount, String country, Duration at) {
    return new Payment(String.format("p%03d", ++paymentSeq), card, "shop", new BigDecimal(amount),
        "EUR", country, T0.plus(at));
  }

  private Payment send(String card, String amount, String country, Duration at) {
    Payment payment = pay(card, amount, country, at);
    pipeline.send(payment);
    return payment;
  }

  private void cardEvent(String card, CardEvent.Status status, Duration at) {
    pipeline.send(new CardEvent(card, status, "DE", T0.plus(at)));
  }

  private List<FraudAlert> alerts() {
    return pipeline.flush().alerts();
  }

  private static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private static Duration m(long minutes) {
    return Duration.ofMinutes(minutes);
  }

  @Nested
  class SmallThenLarge {

    @Test
    void alertsOnceForAProbeFollowedByLargePayments() {
      Payment probe = send("c1", "0.50", "DE", s(0));
      Payment large = send("c1", "700.00", "DE", s(30));
      send("c1", "650.00", "DE", s(45));

      assertThat(alerts()).singleElement().satisfies(alert -> {
        assertThat(alert.rule()).isEqualTo(Rule.SMALL_THEN_LARGE);
        assertThat(alert.cardId()).isEqualTo("c1");
        assertThat(alert.paymentIds()).containsExactly(probe.id(), large.id());
        assertThat(alert.eventTime()).isEqualTo(large.eventTime());
        assertThat(alert.evidence()).contains("0.50 EUR", "700.00 EUR", "30s later");
      });
    }

    @Test
    void ignoresALargePaymentMoreThanAMinuteAfterTheProbe() {
      send("c1", "0.50", "DE", s(0));
      send("c1", "700.00", "DE", s(61));

      assertThat(alerts()).isEmpty();
    }

    @Test
    void followsEventTimeNotArrivalOrder() {
      Payment large = pay("c1", "700.00", "DE", s(5));
      Payment probe = pay("c1", "0.50", "DE", s(0));
      pipeline.send(large).send(probe); // the probe arrives second, within the disorder bound

      assertThat(alerts()).extracting(FraudAlert::paymentIds)
          .containsExactly(List.of(probe.id(), large.id()));
    }

    @Test
    void aLargePaymentBeforeTheProbeIsNotAMatch() {
      send("c1", "700.00", "DE", s(0));
      send("c1", "0.50", "DE", s(20));

      assertThat(alerts()).isEmpty();
    }

    @Test
    void forgetsExpiredProbesByTimer() {
      send("c1", "0.50", "DE", s(0));
      send("other", "10.00", "DE", m(5)); // moves the watermark past the probe's expiry

      assertThat(pipeline.flush().cardFraud().changelog())
          .as("the probe was written and then deleted")
          .anySatisfy(r -> assertThat(r.topic()).endsWith("card-fraud-probes-changelog")
              .satisfies(t -> assertThat(r.value()).isNull()));
    }
  }

  @Nested
  class AmountAnomaly {

    private void history(String card, int payments) {
      for (int i = 0; i < payments; i++) {
        send(card, "50.00", "DE", m(10L * i));
      }
    }

    @Test
    void alertsOnAnAmountFarAboveTheAverage() {
      history("c1", 5);
      Payment spike = send("c1", "400.00", "DE", m(60));

      assertThat(alerts()).singleElement().satisfies(alert -> {
        assertThat(alert.rule()).isEqualTo(Rule.AMOUNT_ANOMALY);
        assertThat(alert.paymentIds()).containsExactly(spike.id());
        assertThat(alert.evidence()).contains("8.0x", "50.00 EUR", "5 payments");
      });
    }

    @Test
    void needsHistory() {
      history("c1", 4);
      send("c1", "400.00", "DE", m(60));

      assertThat(alerts()).isEmpty();
    }

    @Test
    void oneAlertPerCooldownAndAnomaliesStayOutOfTheAverage() {
      history("c1", 5);
      send("c1", "400.00", "DE", m(60));
      send("c1", "400.00", "DE", m(70)); // same episode
      send("c1", "400.00", "DE", m(181)); // after the one-hour cooldown: a new episode

      assertThat(alerts()).extracting(FraudAlert::rule)
          .containsExactly(Rule.AMOUNT_ANOMALY, Rule.AMOUNT_ANOMALY);
      CardProfile profile = pipeline.cardFraud().state(CardFraudProcessor.PROFILE, "c1");
      assertThat(profile.averageAmount()).isEqualTo(50.0);
      assertThat(profile.averagedPayments()).isEqualTo(5);
      assertThat(profile.payments()).isEqualTo(8);
    }
  }

  @Nested
  class ImpossibleTravel {

    @Test
    void alertsOnAFarCountryTooSoon() {
      Payment home = send("c1", "20.00", "DE", m(0));
      Payment away = send("c1", "20.00", "BR", m(60));

      assertThat(alerts()).singleElement().satisfies(alert -> {
        assertThat(alert.rule()).isEqualTo(Rule.IMPOSSIBLE_TRAVEL);
        assertThat(alert.paymentIds()).containsExactly(home.id(), away.id());
        assertThat(alert.evidence()).contains("DE at 10:00:00Z", "BR at 11:00:00Z", "1h 00m");
      });
    }

    @Test
    void theImpossiblePlaceDoesNotMoveTheCard() {
      send("c1", "20.00", "DE", m(0));
      send("c1", "20.00", "BR", m(60));
      send("c1", "20.00", "DE", m(90)); // the cardholder, still at home

      assertThat(alerts()).hasSize(1);
      assertThat(pipeline.cardFraud().state(CardFraudProcessor.PROFILE, "c1").lastCountry())
          .isEqualTo("DE");
    }

    @Test
    void allowsATripThatTakesLongEnough() {
      Duration trip = RuleSettings.defaults().travelModel().minTravelTime("DE", "FR").orElseThrow();
      send("c1", "20.00", "DE", m(0));
      send("c1", "20.00", "FR", trip.plusMinutes(1));
      send("c1", "20.00", "XX", trip.plusMinutes(2)); // unknown country: no opinion

      assertThat(alerts()).isEmpty();
      assertThat(trip).isBetween(Duration.ofMinutes(110), Duration.ofMinutes(125));
    }
  }

  @Nested
  class BlockedCard {

    @Test
    void alertsOncePerBlock() {
      cardEvent("c1", CardEvent.Status.BLOCKED, m(0));
      Payment first = send("c1", "20.00", "DE", m(1));
      send("c1", "20.00", "DE", m(2));
      cardEvent("c1", CardEvent.Status.ACTIVE, m(10));
      send("c1", "20.00", "DE", m(11));
      cardEvent("c1", CardEvent.Status.BLOCKED, m(20));
      Payment second = send("c1", "20.00", "DE", m(21));

      assertThat(alerts()).extracting(FraudAlert::rule, a -> a.paymentIds().get(0))
          .containsExactly(tuple(Rule.BLOCKED_CARD, first.id()),
              tuple(Rule.BLOCKED_CARD, second.id()));
    }

    @Test
    void aBlockCountsFromItsEventTimeWhicheverTopicIsReadFirst() {
      Payment after = pay("c1", "20.00", "DE", s(5));
      pipeline.send(after); // read before the block, which happened 3 s earlier
      cardEvent("c1", CardEvent.Status.BLOCKED, s(2));
      Payment before = pay("c2", "20.00", "DE", s(1));
      cardEvent("c2", CardEvent.Status.BLOCKED, s(3));
      pipeline.send(before); // read after the block, but happened before it

      assertThat(alerts()).extracting(FraudAlert::cardId).containsExactly("c1");
    }

    @Test
    void aBlockAppliesToAPaymentAtTheSameTime() {
      pipeline.send(pay("c1", "20.00", "DE", s(1)));
      cardEvent("c1", CardEvent.Status.BLOCKED, s(1));

      assertThat(alerts()).extracting(FraudAlert::rule).containsExactly(Rule.BLOCKED_CARD);
    }

    @Test
    void theProfileShowsTheBlock() {
      cardEvent("c1", CardEvent.Status.BLOCKED, m(0));
      pipeline.flush();

      CardProfile profile = pipeline.cardFraud().state(CardFraudProcessor.PROFILE, "c1");
      assertThat(profile.blocked()).isTrue();
      assertThat(profile.homeCountry()).isEqualTo("DE");
      assertThat(profile.blockedSince()).isEqualTo(T0);
    }
  }

  @Test
  void unreadableRecordsGoToTheDeadLetterTopic() {
    pipeline.cardFraud().pipeRaw("payments", "c1".getBytes(StandardCharsets.UTF_8),
        "{not json".getBytes(StandardCharsets.UTF_8), T0.toEpochMilli(), new RecordHeaders());

    assertThat(pipeline.cardFraud().deadLetters()).hasSize(1);
    assertThat(alerts()).isEmpty();
  }
}
