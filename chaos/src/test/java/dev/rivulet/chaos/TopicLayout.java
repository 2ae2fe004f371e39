package dev.rivulet.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics of a run's topology, by processor: the input and, for each processor, its outputs,
 * one changelog per store (plus the runtime's timer store) and its DLQ, with their partition
 * counts. {@link ChaosRun} creates them; the end-of-run waits and the checker read what the
 * workers write.
 */
final class TopicLayout {
  /** The runtime's own store of every processor (timers and input positions). */
  static final String TIMER_STORE = "rivulet-timers";
  private static final Map<String, String> COMPACT = Map.of("cleanup.policy", "compact",
      "segment.bytes", Integer.toString(1 << 20), "min.cleanable.dirty.ratio", "0.1");

  /** One processor: a task per input partition, its outputs (topic → partitions), its stores. */
  private record Processor(String id, int partitions, Map<String, Integer> outputs,
      List<String> stores) {}

  private final String app;
  private final String input;
  private final int inputPartitions;
  private final List<Processor> processors = new ArrayList<>();

  private TopicLayout(String app, String input, int inputPartitions) {
    this.app = app;
    this.input = input;
    this.inputPartitions = inputPartitions;
  }

  /** The processors a profile runs, under the run's topic names and application id. */
  static TopicLayout of(ChaosProfile profile, ChaosTopology.Topics names, String app) {
    int p = profile.partitions();
    TopicLayout layout = new TopicLayout(app, names.input(), p);
    Map<String, Integer> sequencerOutputs = new LinkedHashMap<>(Map.of(names.output(), p));
    if (profile.repartition()) {
      sequencerOutputs.put(names.regrouped(), profile.regroupedPartitions());
    }
    layout.add(ChaosTopology.SEQUENCER, p, sequencerOutputs, ChaosTopology.KEY_STATE.name());
    if (profile.repartition()) {
      int q = profile.regroupedPartitions();
      layout.add(ChaosTopology.GROUPER, q, Map.of(names.groupOutput(), q),
          ChaosTopology.GROUP_STATE.name());
    }
    if (profile.windows()) {
      layout.add(ChaosTopology.WINDOWER, p, Map.of(names.windows(), p),
          ChaosTopology.WINDOW_STATE);
    }
    if (profile.expirer()) {
      layout.add(ChaosTopology.EXPIRER, p, Map.of(names.expirerOutput(), p), Expirer.STATE);
    }
    return layout;
  }

  private void add(String id, int partitions, Map<String, Integer> outputs, String store) {
    processors.add(new Processor(id, partitions, outputs, List.of(store, TIMER_STORE)));
  }

  /** Creates every topic of the run; changelogs are compacted, with small segments. */
  void create(Topics admin) throws Exception {
    Map<String, Integer> partitions = new LinkedHashMap<>();
    Map<String, Map<String, String>> configs = new HashMap<>();
    partitions.put(input, inputPartitions);
    for (Processor p : processors) {
      partitions.putAll(p.outputs());
      partitions.put(Checker.dlq(app, p.id()), p.partitions());
      for (String store : p.stores()) {
        String changelog = Checker.changelog(app, p.id(), store);
        partitions.put(changelog, p.partitions());
        configs.put(changelog, COMPACT);
      }
    }
    admin.create(partitions, configs);
  }

  /** Every topic a worker writes transactionally: outputs, changelogs, DLQs. */
  List<String> written() {
    List<String> out = new ArrayList<>();
    for (Processor p : processors) {
      out.addAll(p.outputs().keySet());
      for (String store : p.stores()) {
        out.add(Checker.changelog(app, p.id(), store));
      }
      out.add(Checker.dlq(app, p.id()));
    }
    return out;
  }

  /** How many tasks the topology has: one per input partition of each processor. */
  int tasks() {
    return processors.stream().mapToInt(Processor::partitions).sum();
  }

  /** Whether {@code processor:partition:state} (a worker's task list) names one of its tasks. */
  boolean taskExists(String task) {
    String[] f = task.split(":");
    int partition = Integer.parseInt(f[1]);
    return processors.stream().anyMatch(p -> p.id().equals(f[0]) && partition < p.partitions());
  }
}
