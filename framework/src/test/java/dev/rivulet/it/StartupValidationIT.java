package dev.rivulet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.api.runtime.RuntimeState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Startup fails fast, with a message that says what to change. */
class StartupValidationIT {
  @TempDir Path state;

  private Rivulet runtime(String app, String in, String out) {
    return RuntimeHarness.builder(app, state,
        CheckingProcessor.definition("checker", in, out, new CheckingProcessor())).build();
  }

  @Test
  void missingInputTopic() {
    String in = TestBroker.unique("missing");
    String app = TestBroker.unique("app");
    try (Rivulet r = runtime(app, in, "out")) {
      assertThatThrownBy(r::start).isInstanceOf(RivuletConfigException.class)
          .hasMessageContaining("do not exist").hasMessageContaining(in);
      assertThat(r.state()).isEqualTo(RuntimeState.ERROR);
      // the workers start while the topics are checked: a failed check stops them before start
      // returns, with no task created
      assertThat(r.tasks()).isEmpty();
      assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.isAlive()
          && t.getName().startsWith("rivulet-" + app + "-worker"));
    }
    // the test broker auto-creates topics: Rivulet's consumers must not have asked it to
    try (var admin = TestBroker.admin()) {
      assertThat(admin.listTopics().names().get()).doesNotContain(in);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void coPartitionedInputsWithDifferentPartitionCounts() {
    String left = TestBroker.unique("left");
    String right = TestBroker.unique("right");
    TestBroker.createTopics(2, left);
    TestBroker.createTopics(3, right);
    try (Rivulet r = RuntimeHarness.builder(TestBroker.unique("app"), state,
        CoPartitionIT.joinCount(left, right, TestBroker.unique("out"))).build()) {
      assertThatThrownBy(r::start).isInstanceOf(RivuletConfigException.class)
          .hasMessageContaining("co-partitioned").hasMessageContaining("different partition counts");
    }
  }

  @Test
  void changelogWithWrongPartitionCount() throws Exception {
    String app = TestBroker.unique("app");
    String in = TestBroker.unique("in");
    TestBroker.createTopics(2, in);
    String changelog = app + "-checker-count-changelog";
    try (Admin admin = TestBroker.admin()) {
      admin.createTopics(List.of(new NewTopic(changelog, 1, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
    try (Rivulet r = runtime(app, in, TestBroker.unique("out"))) {
      assertThatThrownBy(r::start).isInstanceOf(RivuletConfigException.class)
          .hasMessageContaining(changelog).hasMessageContaining("has 1 partitions")
          .hasMessageContaining("inputs have 2");
    }
  }

  @Test
  void changelogThatIsNotCompacted() throws Exception {
    String app = TestBroker.unique("app");
    String in = TestBroker.unique("in");
    TestBroker.createTopics(2, in);
    String changelog = app + "-checker-count-changelog";
    try (Admin admin = TestBroker.admin()) {
      admin.createTopics(List.of(new NewTopic(changelog, 2, (short) 1)
          .configs(Map.of("cleanup.policy", "delete")))).all().get();
    }
    try (Rivulet r = runtime(app, in, TestBroker.unique("out"))) {
      assertThatThrownBy(r::start).isInstanceOf(RivuletConfigException.class)
          .hasMessageContaining("must be compacted").hasMessageContaining("cleanup.policy=compact");
    }
  }

  @Test
  void unreachableBrokerFailsWithinTheStartupTimeout() {
    long start = System.nanoTime();
    try (Rivulet r = Rivulet.builder().applicationId("unreachable").bootstrapServers("localhost:1")
        .stateDir(state).startupTimeout(Duration.ofSeconds(3))
        .processor(CheckingProcessor.definition("checker", "in", "out", new CheckingProcessor()))
        .build()) {
      assertThatThrownBy(r::start).isInstanceOf(RivuletConfigException.class)
          .hasMessageContaining("Cannot reach Kafka at localhost:1 within 3 s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
    // the workers started meanwhile (a producer initializing against no broker) stop at once
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }
}
