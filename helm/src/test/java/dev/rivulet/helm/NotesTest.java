package dev.rivulet.helm;

import static dev.rivulet.helm.RenderedChart.BOOTSTRAP;
import static dev.rivulet.helm.RenderedChart.CHART;
import static dev.rivulet.helm.RenderedChart.FRAUD_DETECTION_VALUES;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;

/** NOTES.txt, rendered by a client-only dry-run install (no cluster involved). */
class NotesTest {

  @Test
  void notesListTheTopicsToCreateAndHowToWatchTheRollout() {
    String output = new Helm(CHART).install().clientOnly().dryRun()
        .withName(RenderedChart.RELEASE).withNamespace(RenderedChart.NAMESPACE)
        .withValuesFile(FRAUD_DETECTION_VALUES)
        .set("kafka.bootstrapServers", BOOTSTRAP)
        .call().getOutput();

    assertThat(output)
        .contains("Rivulet application \"fraud-detection\"")
        .contains("Static membership: on (group.instance.id = pod name, session timeout 60000 ms)")
        .contains("--topic payments --partitions 4")
        .contains("kafka-topics.sh --bootstrap-server " + BOOTSTRAP + " --create")
        .contains("--topic card-events --partitions 4")
        .contains("--topic fraud-alerts --partitions 4")
        .contains("kubectl --namespace streams rollout status statefulset/test-rivulet");
  }
}
