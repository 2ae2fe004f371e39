package dev.rivulet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of the harness ({@code --name value} or {@code --name=value}); see
 * {@link #USAGE}. Immutable.
 */
record BenchOptions(
    List<String> commands,
    long records,
    int keys,
    String keyDistribution,
    int partitions,
    int valueBytes,
    int reps,
    int warmups,
    int maxWarmups,
    double settledJitSeconds,
    int commitMs,
    List<Contender> contenders,
    long restoreKeys,
    int latencySeconds,
    int latencyWarmupSeconds,
    double latencyRate,
    Map<Contender, Double> latencyRates,
    int memoryPartitions,
    long memoryRecords,
    int scalingKeys,
    double scalingRate,
    int scalingSettleSeconds,
    List<String> scalingScenarios,
    List<String> scalingSetups,
    List<Integer> growthKeys,
    int growthValueBytes,
    int growthReps,
    List<String> contenderJvmArgs,
    List<String> brokerJvmArgs,
    Map<String, String> clientProperties,
    double quietCores,
    int quietWaitSeconds,
    boolean verify,
    long seed) {

  static final String USAGE = """
      usage: java -jar benchmarks/target/rivulet-benchmarks.jar [command...] [options]
      commands (default: throughput):
        throughput  every contender consumes the whole input; records/s, CPU-s per 1M records
        restore     full restore of a store with --restore-keys keys vs a raw changelog read
        crash       replayed changelog records after SIGKILL mid-run and after a clean restart
        latency     p50/p99 producer->read_committed output at 50% of each contender's max rate
        memory      RSS and heap of one Rivulet instance with --memory-partitions partitions
        scaling     longest gap in any partition's committed output and records restored while
                    instances join, leave and are SIGKILLed (not part of all)
        growth      the throughput job at each of --growth-keys and with --growth-value-bytes
                    values: how CPU per record grows with state size (not part of all)
        all         all of the above, in that order (latency uses the throughput medians)
      options:
        --records N            input records (default 3000000)
        --keys N               distinct keys (default 100000)
        --keys-dist D          uniform | zipf:<s>, e.g. zipf:1.1 (default uniform)
        --partitions N         input partitions (default 8)
        --value-bytes N        value size (default 100)
        --reps N               repetitions; medians are reported (default 5)
        --warmups N            unreported throughput passes of every contender before the
                               repetitions, so the broker's JIT is warm for all (default 3;
                               latency runs use at most 1, they warm up within each run)
        --max-warmups N        more passes, up to N in all, while a contender's run kept the
                               broker's JIT compilers busy > --settled-jit s (default 6)
        --settled-jit S        broker JIT CPU-seconds per run counted as settled (default 0.3)
        --commit-ms N          commit interval of every contender (default 100)
        --contenders a,b       of raw-alos,raw-eos,raw-eos-changelog,kstreams-alos,
                               kstreams-eos,kstreams-eos-tx,rivulet-alos,rivulet-eos
                               (the default: these eight), kstreams-eos-tx-bounded and
                               rivulet-eos-ksmem (the same jobs on the other's memory)
        --restore-keys N       store size for restore (default 1000000)
        --latency-seconds N    measured seconds per latency run (default 20, after warm-up)
        --latency-warmup N     warm-up seconds per latency run (default 15)
        --rate R               latency input rate in records/s (default: 50% of the measured
                               throughput median of each contender; required without it)
        --rates id=R,..        latency input rate per contender, e.g. rivulet-eos=30000
                               (50% of its maximum from an earlier throughput run)
        --memory-partitions N  partitions for the memory run (default 512)
        --memory-records N     records for the memory run (default 512000)
        --scaling-keys N       keys in the store, each written once before measuring (200000)
        --scaling-rate R       steady input rate while scaling, records/s (default 5000)
        --scaling-settle S     a phase ends once settled, at the latest after S s (default 240)
        --scaling-scenarios a,b  scale (1->2->3->2->1, clean stops), kill (SIGKILL of one of
                               2 instances), rolling (restart each of 3 instances in turn)
                               (default scale,kill)
        --scaling-setups a,b   subset of rivulet,rivulet-standby,kstreams-standby,
                               rivulet-static,kstreams-static (default the first three)
        --growth-keys a,b      key counts of the growth workloads; each gets max(--records, keys)
                               records (default 10k,100k,1M,10M)
        --growth-value-bytes N value size of one more growth workload with --keys keys
                               (default 1000; 0 = none)
        --growth-reps N        repetitions per growth workload (default 3)
        --jvm-args "..."       JVM options of every contender JVM (default "-Xmx1g")
        --broker-jvm-args "..."  JVM options of the broker JVM (default "-Xmx1g")
        --client-props k=v,..  Kafka client properties given to every contender's clients
                               (experiments only: the reported runs use none)
        --quiet-cores C        before each run wait until other processes use < C cores
                               (default 0.3; this machine is shared with other builds)
        --quiet-wait S         ... but at most S seconds, then run anyway (default 120; 0 = off)
        --no-verify            skip counting the outputs after each run
        --seed N               random seed of the workload (default 42)
      """;

  static BenchOptions parse(String[] args) {
    List<String> commands = new ArrayList<>();
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        throw new IllegalArgumentException("help");
      }
      if (!a.startsWith("--")) {
        commands.add(a);
        continue;
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (name.equals("no-verify")) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      opts.put(name, value);
    }
    if (commands.isEmpty()) {
      commands.add("throughput");
    }
    if (commands.contains("all")) {
      commands = List.of("throughput", "restore", "crash", "latency", "memory");
    }
    for (String c : commands) {
      if (!List.of("throughput", "restore", "crash", "latency", "memory", "scaling", "growth")
          .contains(c)) {
        throw new IllegalArgumentException("Unknown command '" + c + "'");
      }
    }
    List<Contender> contenders = Arrays.stream(
        opts.getOrDefault("contenders", "raw-alos,raw-eos,raw-eos-changelog,kstreams-alos,"
            + "kstreams-eos,"
            + "kstreams-eos-tx,rivulet-alos,rivulet-eos").split(",")).map(String::trim).map(Contender::parse)
        .toList();
    BenchOptions o = new BenchOptions(List.copyOf(commands),
        longOpt(opts, "records", 3_000_000),
        (int) longOpt(opts, "keys", 100_000),
        opts.getOrDefault("keys-dist", "uniform"),
        (int) longOpt(opts, "partitions", 8),
        (int) longOpt(opts, "value-bytes", 100),
        (int) longOpt(opts, "reps", 5),
        (int) longOpt(opts, "warmups", 3),
        (int) longOpt(opts, "max-warmups", 6),
        Double.parseDouble(opts.getOrDefault("settled-jit", "0.3")),
        (int) longOpt(opts, "commit-ms", 100),
        contenders,
        longOpt(opts, "restore-keys", 1_000_000),
        (int) longOpt(opts, "latency-seconds", 20),
        (int) longOpt(opts, "latency-warmup", 15),
        Double.parseDouble(opts.getOrDefault("rate", "0")),
        rates(opts.getOrDefault("rates", "")),
        (int) longOpt(opts, "memory-partitions", 512),
        longOpt(opts, "memory-records", 512_000),
        (int) longOpt(opts, "scaling-keys", 200_000),
        Double.parseDouble(opts.getOrDefault("scaling-rate", "5000")),
        (int) longOpt(opts, "scaling-settle", 240),
        csv(opts.getOrDefault("scaling-scenarios", "scale,kill")),
        csv(opts.getOrDefault("scaling-setups", "rivulet,rivulet-standby,kstreams-standby")),
        csv(opts.getOrDefault("growth-keys", "10k,100k,1M,10M")).stream()
            .map(k -> (int) longOpt(Map.of("growth-keys", k), "growth-keys", 0)).toList(),
        (int) longOpt(opts, "growth-value-bytes", 1000),
        (int) longOpt(opts, "growth-reps", 3),
        split(opts.getOrDefault("jvm-args", "-Xmx1g")),
        split(opts.getOrDefault("broker-jvm-args", "-Xmx1g")),
        clientProps(opts.getOrDefault("client-props", "")),
        Double.parseDouble(opts.getOrDefault("quiet-cores", "0.3")),
        (int) longOpt(opts, "quiet-wait", 120),
        !opts.containsKey("no-verify"),
        longOpt(opts, "seed", 42));
    opts.keySet().removeAll(List.of("records", "keys", "keys-dist", "partitions", "value-bytes",
        "reps", "warmups", "max-warmups", "settled-jit", "commit-ms", "contenders", "restore-keys",
        "latency-seconds", "latency-warmup",
        "rate", "rates", "memory-partitions", "memory-records", "scaling-keys", "scaling-rate",
        "scaling-settle", "scaling-scenarios", "scaling-setups", "growth-keys",
        "growth-value-bytes", "growth-reps", "jvm-args", "broker-jvm-args",
        "client-props", "quiet-cores", "quiet-wait", "no-verify", "seed"));
    if (!opts.isEmpty()) {
      throw new IllegalArgumentException("Unknown option(s) " + opts.keySet());
    }
    if (o.records < 1 || o.keys < 1 || o.partitions < 1 || o.reps < 1 || o.commitMs < 1) {
      throw new IllegalArgumentException("records, keys, partitions, reps, commit-ms must be >= 1");
    }
    KeyDistribution.parse(o.keyDistribution, 1, 0); // fail fast on a bad spec
    o.scalingSetups.forEach(ScalingBenchmark::setup);
    for (String s : o.scalingScenarios) {
      if (!ScalingBenchmark.SCENARIOS.contains(s)) {
        throw new IllegalArgumentException("--scaling-scenarios: one of "
            + ScalingBenchmark.SCENARIOS + ", was " + s);
      }
    }
    if (o.growthReps < 1 || o.growthValueBytes < 0 || o.growthKeys.stream().anyMatch(k -> k < 1)) {
      throw new IllegalArgumentException("--growth-keys must be >= 1 each, --growth-reps >= 1,"
          + " --growth-value-bytes >= 0");
    }
    if (o.scalingKeys < 1 || o.scalingRate <= 0) {
      throw new IllegalArgumentException("scaling-keys and scaling-rate must be > 0");
    }
    return o;
  }

  private static long longOpt(Map<String, String> opts, String name, long fallback) {
    String v = opts.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.replace("_", "").replace("k", "000").replace("M", "000000"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, was " + v);
    }
  }

  private static Map<Contender, Double> rates(String s) {
    Map<Contender, Double> out = new java.util.EnumMap<>(Contender.class);
    clientProps(s).forEach((k, v) -> out.put(Contender.parse(k), Double.parseDouble(v)));
    return out;
  }

  private static Map<String, String> clientProps(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : s.split(",")) {
      if (!kv.isBlank()) {
        int eq = kv.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("--client-props needs name=value[,name=value]");
        }
        out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
      }
    }
    return Map.copyOf(out);
  }

  private static List<String> csv(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  private static List<String> split(String s) {
    return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
  }

  /** One line describing the workload, for the report. */
  String workload() {
    return records + " records, " + keys + " keys " + keyDistribution + ", " + partitions
        + " partitions, " + valueBytes + "-byte values, commit interval " + commitMs + " ms, "
        + reps + " reps";
  }
}
