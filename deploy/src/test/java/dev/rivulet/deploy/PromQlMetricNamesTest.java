package dev.rivulet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

  @Test
  void plainSelectorIsAMetric() {
    assertThat(PromQlMetricNames.in("rivulet_tasks")).containsExactly("rivulet_tasks");
  }

  @Test
  void labelNamesValuesAndVariablesInsideASelectorAreNot() {
    assertThat(PromQlMetricNames.in(
        "jvm_memory_used_bytes{application=~\"$application\", area=\"heap\", id!='G1 Eden'}"))
        .containsExactly("jvm_memory_used_bytes");
  }

  @Test
  void functionsAggregationsGroupingLabelsAndDurationsAreNot() {
    assertThat(PromQlMetricNames.in("histogram_quantile(0.99, sum by (le, application, "
        + "processor) (rate(rivulet_processing_latency_seconds_bucket{instance=~\"$instance\"}"
        + "[$__rate_interval])))"))
        .containsExactly("rivulet_processing_latency_seconds_bucket");
    assertThat(PromQlMetricNames.in("SUM(increase(fraud_alerts_total[5m] offset 1h)) BY(rule)"))
        .containsExactly("fraud_alerts_total");
  }

  @Test
  void bothSidesOfABinaryOperationWithVectorMatching() {
    assertThat(PromQlMetricNames.in("rate(rivulet_commit_latency_seconds_sum[1m]) / on (instance,"
        + " thread) group_left(application) rate(rivulet_commit_latency_seconds_count[1m]) > 0"
        + " and rivulet_tasks unless absent(up)"))
        .containsExactly("rivulet_commit_latency_seconds_count",
            "rivulet_commit_latency_seconds_sum", "rivulet_tasks", "up");
  }

  @Test
  void stringsGrafanaVariablesNumbersAndCommentsAreNot() {
    assertThat(PromQlMetricNames.in("label_replace(process_cpu_usage, \"host\", \"$1\", "
        + "\"instance\", \"(.*):.*\") * 100 + 1e3 # cpu_in_percent\n- ${offset_value}"))
        .containsExactly("process_cpu_usage");
  }

  @Test
  void nameMatcherNamesAMetric() {
    assertThat(PromQlMetricNames.in("count({__name__=\"rivulet_records_in_total\", job=\"x\"})"))
        .containsExactly("rivulet_records_in_total");
  }

  @Test
  void aMisspeltMetricIsStillAMetric() {
    assertThat(PromQlMetricNames.in("sum(rate(rivulet_recods_in_total[1m]))"))
        .containsExactly("rivulet_recods_in_total");
  }
}
