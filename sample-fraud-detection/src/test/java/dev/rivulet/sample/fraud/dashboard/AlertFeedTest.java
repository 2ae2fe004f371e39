package dev.rivulet.sample.fraud.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.model.Rule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class AlertFeedTest {
  private final AlertFeed feed = new AlertFeed();
  private final Serializer<FraudAlert> json = RivuletSerdes.json(FraudAlert.class).serializer();

  private void read(FraudAlert alert) {
    feed.onAlert(new ConsumerRecord<>("fraud-alerts", 0, 0, alert.cardId(),
        new String(json.serialize("fraud-alerts", alert), StandardCharsets.UTF_8)));
  }

  @Test
  void keepsTheLatestAlertsNewestFirstWithTheTriggeringAmount() {
    for (int i = 0; i < AlertFeed.KEPT + 3; i++) {
      Payment payment = new Payment("pay-" + i, "card-" + i, "grocer", new BigDecimal("12.50"),
          "EUR", "DE", Instant.ofEpochSecond(i));
      read(FraudAlert.of(Rule.AMOUNT_ANOMALY, payment, "large", List.of(payment.id())));
    }
    read(FraudAlert.of(Rule.VELOCITY, "card-x", "6 payments", List.of("a", "b"),
        Instant.ofEpochSecond(500)));

    assertThat(feed.latest()).hasSize(AlertFeed.KEPT);
    assertThat(feed.latest().get(0).alert().amount()).as("a burst has no one amount").isNull();
    assertThat(feed.latest().get(1).alert()).satisfies(a -> {
      assertThat(a.cardId()).isEqualTo("card-" + (AlertFeed.KEPT + 2));
      assertThat(a.amount()).isEqualByComparingTo("12.50");
      assertThat(a.currency()).isEqualTo("EUR");
    });
    assertThat(feed.countsByRule()).containsOnlyKeys(Rule.values())
        .containsEntry(Rule.AMOUNT_ANOMALY, (long) AlertFeed.KEPT + 3)
        .containsEntry(Rule.VELOCITY, 1L).containsEntry(Rule.BLOCKED_CARD, 0L);
  }
}
