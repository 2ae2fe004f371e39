package dev.rivulet.sample.fraud.web;

import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.sample.fraud.rules.CardFraudProcessor;
import dev.rivulet.sample.fraud.rules.CardProfile;
import dev.rivulet.spring.query.QueryForwarder;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /cards/{cardId}/profile}: the committed {@link CardProfile} of a card, from any
 * instance. The instance that owns the card's partition answers from the {@code card-fraud}
 * processor's state; any other forwards the request to it once ({@link QueryForwarder}, with
 * the caller's credentials). 404 if the card is unknown; 503 (retryable, {@code Retry-After}) if
 * its partition is restoring or moving. Errors are RFC 9457 problems naming the partition.
 */
@RestController
class CardProfileController {
  private final Rivulet rivulet;
  private final QueryForwarder forwarder;

  CardProfileController(Rivulet rivulet, QueryForwarder forwarder) {
    this.rivulet = rivulet;
    this.forwarder = forwarder;
  }

  /**
   * A card's profile.
   *
   * @param cardId card id
   * @param partition the partition holding the card
   * @param servedBy the advertised URL of the instance that read it (null without one)
   * @param profile the profile
   */
  record CardProfileView(String cardId, int partition, @Nullable String servedBy,
      CardProfile profile) {}

  @GetMapping("/cards/{cardId}/profile")
  ResponseEntity<?> profile(@PathVariable String cardId, @RequestHeader HttpHeaders headers) {
    KeyLocation where = rivulet.locate(CardFraudProcessor.ID, cardId);
    if (!where.local()) {
      return forwarder.forward(where, UriComponentsBuilder.fromPath("/cards/{cardId}/profile")
          .encode().buildAndExpand(cardId).toUriString(), headers);
    }
    int partition = where.partition();
    Optional<CardProfile> profile =
        rivulet.query(CardFraudProcessor.ID, CardFraudProcessor.PROFILE, cardId);
    if (profile.isPresent()) {
      return ResponseEntity.ok(new CardProfileView(cardId, partition,
          rivulet.advertisedUrl().orElse(null), profile.get()));
    }
    Optional<TaskInfo> task = rivulet.tasks().stream().filter(t ->
        t.processorId().equals(CardFraudProcessor.ID) && t.partition() == partition
            && !t.state().isReplica()).findFirst();
    boolean running = task.isPresent()
        && (task.get().state() == TaskState.RUNNING || task.get().state() == TaskState.PAUSED);
    ProblemDetail problem = running
        ? ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No profile for card " + cardId
            + " (partition " + partition + ", owned here)")
        : ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "Partition "
            + partition + " is restoring or moving here; try again shortly");
    problem.setProperty("partition", partition);
    problem.setProperty("ownedHere", true);
    ResponseEntity.HeadersBuilder<?> answer = ResponseEntity.of(problem)
        .header("X-Rivulet-Partition", Integer.toString(partition));
    if (!running) {
      answer.header(HttpHeaders.RETRY_AFTER, "1");
    }
    return answer.build();
  }
}
