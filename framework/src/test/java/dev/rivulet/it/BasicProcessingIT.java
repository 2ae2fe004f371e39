package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.runtime.Rivulet;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One runtime end to end: every input processed once, state queryable, offsets committed. */
class BasicProcessingIT {
  @TempDir Path state;

  @Test
  void processesEveryRecordExactlyOnceAndCommitsOffsets() throws Exception {
    String in = TestBroker.unique("in");
    String out = TestBroker.unique("out");
    String app = TestBroker.unique("basic");
    TestBroker.createTopics(3, in, out);
    ExactlyOnceCheck check = new ExactlyOnceCheck(3);
    TestBroker.produce(in, check.generate(2_000, 50, 7));
    try (Rivulet rivulet = RuntimeHarness.builder(app, state,
        CheckingProcessor.definition("checker", in, out, new CheckingProcessor())).build()) {
      rivulet.start();
      RuntimeHarness.awaitOutputs(out, check.expectedOutputs(), Duration.ofSeconds(60));
      assertThat(rivulet.tasks()).hasSize(3);
      check.expectedCounts().forEach((key, count) ->
          assertThat(rivulet.query("checker", CheckingProcessor.COUNT, key)).contains(count));
    }
    check.verify(TestBroker.readCommitted(out));
    assertThat(TestBroker.committedOffsets(app, in)).isEqualTo(2_000);
  }
}
