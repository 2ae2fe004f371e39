package dev.rivulet.sample.fraud.web;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.sample.fraud.rules.CardFraudProcessor;
import dev.rivulet.sample.fraud.rules.CardProfile;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /cards/{cardId}/profile}: the committed {@link CardProfile} of a card, read from the
 * {@code card-fraud} processor's state on this instance (an interactive query). 404 if the card
 * is unknown, restoring or its partition is owned by another instance: the answer is an RFC 9457
 * problem that says which, and names the partition.
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
  ResponseEntity<?> profile(@PathVariable String cardId) {
    int partition = rivulet.partitionFor(CardFraudProcessor.ID, cardId);
    Optional<CardProfile> profile =
        rivulet.query(CardFraudProcessor.ID, CardFraudProcessor.PROFILE, cardId);
    if (profile.isPresent()) {
      return ResponseEntity.ok(new CardProfileView(cardId, partition, profile.get()));
    }
    Optional<TaskInfo> task = rivulet.tasks().stream().filter(t ->
        t.processorId().equals(CardFraudProcessor.ID) && t.partition() == partition).findFirst();
    String detail = task.isEmpty()
        ? "Card " + cardId + " lives in partition " + partition + " of processor '"
            + CardFraudProcessor.ID + "', which another instance owns: ask that instance"
        : task.get().state() == TaskState.RESTORING
            ? "Partition " + partition + " is still restoring here; try again shortly"
            : "No profile for card " + cardId + " (partition " + partition + ", owned here)";
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
    problem.setProperty("partition", partition);
    problem.setProperty("ownedHere", task.isPresent());
    return ResponseEntity.of(problem).header("X-Rivulet-Partition", Integer.toString(partition))
        .build();
  }
}
