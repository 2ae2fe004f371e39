package dev.rivulet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void defaultsAreTheDocumentedWorkload() {
    BenchOptions o = BenchOptions.parse(new String[0]);
    assertThat(o.commands()).containsExactly("throughput");
    assertThat(o.records()).isEqualTo(3_000_000);
    assertThat(o.keys()).isEqualTo(100_000);
    assertThat(o.partitions()).isEqualTo(8);
    assertThat(o.valueBytes()).isEqualTo(100);
    assertThat(o.reps()).isEqualTo(5);
    assertThat(o.commitMs()).isEqualTo(100);
    assertThat(o.contenders()).containsExactly(Contender.RAW_ALOS, Contender.RAW_EOS,
        Contender.RAW_EOS_CHANGELOG, Contender.STREAMS_ALOS, Contender.STREAMS_EOS,
        Contender.STREAMS_EOS_TX, Contender.RIVULET_ALOS, Contender.RIVULET_EOS);
    assertThat(o.warmups()).isEqualTo(3);
    assertThat(o.maxWarmups()).isEqualTo(6);
    assertThat(o.settledJitSeconds()).isEqualTo(0.3);
  }

  @Test
  void parsesWarmUpBounds() {
    BenchOptions o = BenchOptions.parse(new String[] {"--warmups", "1", "--max-warmups", "4",
        "--settled-jit", "0.5"});
    assertThat(o.warmups()).isEqualTo(1);
    assertThat(o.maxWarmups()).isEqualTo(4);
    assertThat(o.settledJitSeconds()).isEqualTo(0.5);
  }

  @Test
  void parsesValuesSuffixesAndSubsets() {
    BenchOptions o = BenchOptions.parse(new String[] {"restore", "crash", "--records", "200k",
        "--restore-keys=1M", "--contenders", "rivulet-eos,kstreams-eos", "--keys-dist",
        "zipf:1.1", "--jvm-args", "-Xmx2g -XX:+UseParallelGC", "--no-verify"});
    assertThat(o.commands()).containsExactly("restore", "crash");
    assertThat(o.records()).isEqualTo(200_000);
    assertThat(o.restoreKeys()).isEqualTo(1_000_000);
    assertThat(o.contenders()).containsExactly(Contender.RIVULET_EOS, Contender.STREAMS_EOS);
    assertThat(o.contenderJvmArgs()).containsExactly("-Xmx2g", "-XX:+UseParallelGC");
    assertThat(o.verify()).isFalse();
  }

  @Test
  void growthWorkloadsFillTheirKeysAndEndWithLargeValues() {
    BenchOptions defaults = BenchOptions.parse(new String[] {"growth"});
    assertThat(defaults.commands()).containsExactly("growth");
    assertThat(GrowthBenchmark.workloads(defaults)).containsExactly(
        new Workload(3_000_000, 10_000, 100), new Workload(3_000_000, 100_000, 100),
        new Workload(3_000_000, 1_000_000, 100), new Workload(10_000_000, 10_000_000, 100),
        new Workload(3_000_000, 100_000, 1000));
    assertThat(defaults.growthReps()).isEqualTo(3);

    BenchOptions o = BenchOptions.parse(new String[] {"growth", "--records", "200k",
        "--growth-keys", "1k,500k", "--growth-value-bytes", "0", "--growth-reps", "2"});
    assertThat(GrowthBenchmark.workloads(o)).containsExactly(new Workload(200_000, 1_000, 100),
        new Workload(500_000, 500_000, 100));
    assertThat(o.growthReps()).isEqualTo(2);
    assertThat(new Workload(10_000_000, 10_000_000, 1000).label()).isEqualTo("10M keys, 1 KB");
    assertThat(new Workload(1, 1_500, 100).label()).isEqualTo("1500 keys, 100 B");
  }

  @Test
  void rejectsBadGrowthOptions() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"growth", "--growth-keys", "x"}))
        .hasMessageContaining("--growth-keys must be a number, was x");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"growth", "--growth-reps", "0"}))
        .hasMessageContaining("--growth-reps >= 1");
  }

  @Test
  void parsesScalingOptions() {
    BenchOptions defaults = BenchOptions.parse(new String[] {"scaling"});
    assertThat(defaults.scalingKeys()).isEqualTo(200_000);
    assertThat(defaults.scalingRate()).isEqualTo(5000);
    assertThat(defaults.scalingScenarios()).containsExactly("scale", "kill");
    assertThat(defaults.scalingSetups())
        .containsExactly("rivulet", "rivulet-standby", "kstreams-standby");
    BenchOptions o = BenchOptions.parse(new String[] {"scaling", "--scaling-keys", "20k",
        "--scaling-scenarios", "kill", "--scaling-setups", "rivulet-standby"});
    assertThat(o.scalingKeys()).isEqualTo(20_000);
    assertThat(o.scalingScenarios()).containsExactly("kill");
    assertThat(o.scalingSetups()).containsExactly("rivulet-standby");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"scaling", "--scaling-setups",
        "flink"})).hasMessageContaining("Unknown scaling setup");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"scaling", "--scaling-scenarios",
        "reboot"})).hasMessageContaining("one of [scale, kill, rolling]");
    BenchOptions rolling = BenchOptions.parse(new String[] {"scaling", "--scaling-scenarios",
        "rolling", "--scaling-setups", "rivulet-static,kstreams-static"});
    assertThat(rolling.scalingScenarios()).containsExactly("rolling");
    assertThat(rolling.scalingSetups()).containsExactly("rivulet-static", "kstreams-static");
    assertThat(BenchOptions.parse(new String[] {"scaling", "--scaling-setups",
        "rivulet-standby-lag1k"}).scalingSetups()).containsExactly("rivulet-standby-lag1k");
  }

  @Test
  void allExpandsToEveryCommandInOrder() {
    assertThat(BenchOptions.parse(new String[] {"all"}).commands())
        .isEqualTo(List.of("throughput", "restore", "crash", "latency", "memory"));
  }

  @Test
  void rejectsUnknownOptionsAndBadValues() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--recods", "5"}))
        .hasMessageContaining("recods");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--records", "many"}))
        .hasMessageContaining("must be a number");
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--contenders", "flink"}))
        .hasMessageContaining("Unknown contender");
  }
}
