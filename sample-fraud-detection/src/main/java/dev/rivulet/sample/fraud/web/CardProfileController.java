package dev.rivulet.sample.fraud.web;

import dev.rivulet.api.Rivulet;
import dev.rivulet.sample.fraud.rules.CardFraudProcessor;
import dev.rivulet.sample.fraud.rules.CardProfile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /cards/{cardId}/profile}: the committed {@link CardProfile} of a card, read from the
 * {@code card-fraud} processor's state on this instance (an interactive query). 404 if the card
 * is unknown or its partition is owned by another instance (the answer names the partition; the
 * Actuator endpoint {@code /actuator/rivulet/card-fraud/profile/{cardId}} says which case).
 */
@RestController
class CardProfileController {
  private final Rivulet rivulet;

  CardProfileController(Rivulet rivulet) {
    this.rivulet = rivulet;
  }

  /**
   * A card's profile.
   *
   * @param cardId card id (partition in {@code partition})
   * @param partition the partition holding the card
   * @param profile the profile
   */
  record CardProfileView(String cardId, int partition, CardProfile profile) {}

  @GetMapping("/cards/{cardId}/profile")
  ResponseEntity<CardProfileView> profile(@PathVariable String cardId) {
    int partition = rivulet.partitionFor(CardFraudProcessor.ID, cardId);
    return rivulet.query(CardFraudProcessor.ID, CardFraudProcessor.PROFILE, cardId)
        .map(profile -> ResponseEntity.ok(new CardProfileView(cardId, partition, profile)))
        .orElseGet(() -> ResponseEntity.notFound()
            .header("X-Rivulet-Partition", Integer.toString(partition)).build());
  }
}
