package dev.rivulet.chaos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.chaos.ChaosModel.KeyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DumpChecks#routedReads} on hand-made probe lines for one key that went through two
 * states: it passes what the routed query API may answer and fails each kind of wrong answer.
 * No broker.
 */
class RoutedReadsTest {
  private static final KeyState FIRST = KeyState.EMPTY.add("a", 1, 5);
  private static final KeyState SECOND = FIRST.add("b", 2, 7);
  private static final Map<String, Set<KeyState>> STATES = Map.of("k1", Set.of(FIRST, SECOND));
  private static final long PEERS = DumpChecks.ANSWERS_WITH_PEERS;

  private static String answer(String source, String json) {
    return "w0-1 QA " + source + " k1 " + json;
  }

  private static String json(KeyState s) {
    return "{\"count\":" + s.count() + ",\"sum\":" + s.sum() + ",\"lastSeq\":" + s.lastSeq()
        + ",\"hash\":" + s.hash() + "}";
  }

  private static List<String> valid() {
    return new ArrayList<>(List.of(
        answer("http-fwd-active", "null"),
        answer("http-active", json(FIRST)),
        "w0-1 QE http-503 k1 retryable: [owner-unknown] the owner of partition 2 is unknown",
        answer("http-standby", json(FIRST)),
        answer("http-fwd-active", json(SECOND))));
  }

  @Test
  void answersTheApiMayGivePass() {
    CheckResult r = DumpChecks.routedReads(valid(), 0, PEERS, STATES);
    assertTrue(r.passed(), r::toString);
  }

  @Test
  void aStateTheKeyNeverWentThroughFails() {
    List<String> lines = valid();
    lines.add(answer("http-fwd-active", json(SECOND.add("c", 3, 1))));
    assertFalse(DumpChecks.routedReads(lines, 0, PEERS, STATES).passed());
  }

  @Test
  void noValueFromATaskAfterAReadHadOneFailsButAReplicaMayBeBehind() {
    List<String> lines = valid();
    lines.add(answer("http-standby", "null"));
    assertTrue(DumpChecks.routedReads(lines, 0, PEERS, STATES).passed());
    lines.add(answer("http-fwd-active", "null"));
    assertFalse(DumpChecks.routedReads(lines, 0, PEERS, STATES).passed());
  }

  @Test
  void aFailureOtherThanARetryable503Fails() {
    List<String> notRetryable = valid();
    notRetryable.add("w0-1 QE http-500 k1 not retryable: boom");
    assertFalse(DumpChecks.routedReads(notRetryable, 0, PEERS, STATES).passed());
    List<String> noRetryAfter = valid();
    noRetryAfter.add("w0-1 QE http-503 k1 not retryable: no Retry-After");
    assertFalse(DumpChecks.routedReads(noRetryAfter, 0, PEERS, STATES).passed());
  }

  @Test
  void readsThatNeverWentThroughForwardingFail() {
    List<String> local = List.of(answer("http-active", json(FIRST)));
    assertFalse(DumpChecks.routedReads(local, 0, PEERS, STATES).passed());
  }

  @Test
  void forwardingIsRequiredOnlyOnceOtherWorkersServedForEnoughAnswers() {
    List<String> local = List.of(answer("http-active", json(FIRST)));
    CheckResult r = DumpChecks.routedReads(local, 0, PEERS - 1, STATES);
    assertTrue(r.passed(), r::toString);
    assertTrue(r.toString().contains("forwarding not required"), r::toString);
  }

  @Test
  void theFirstFailureOfEachKindIsReported() {
    CheckResult r = DumpChecks.routedReads(valid(), 0, PEERS, STATES);
    assertTrue(r.toString().contains("{http-503 owner-unknown=1}"), r::toString);
    assertTrue(r.toString().contains("the owner of partition 2 is unknown"), r::toString);
  }
}
