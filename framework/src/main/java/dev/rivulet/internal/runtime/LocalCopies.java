package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.internal.state.StateEnvironment;
import dev.rivulet.internal.state.StateManager;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What this instance's workers report when they join the group: its instance id (its state
 * directory's) and how far its local copy of each partition's state goes, for the assignor's
 * standby, warm-up and failover decisions. Computed from the stores' checkpoints at each join,
 * and only when standbys or warm-ups are configured: the sums change with every commit, and a
 * static member whose subscription changed causes a rebalance when it rejoins.
 *
 * <p>Thread-safe (reads only).
 */
final class LocalCopies {
  private final RivuletConfig config;
  private final Map<String, Integer> partitions;
  private final Supplier<@Nullable StateEnvironment> env;

  /**
   * @param partitions input partition count per processor id, known once the topics are checked
   *     (until then no copies are reported)
   */
  LocalCopies(RivuletConfig config, Map<String, Integer> partitions,
      Supplier<@Nullable StateEnvironment> env) {
    this.config = config;
    this.partitions = partitions;
    this.env = env;
  }

  MemberData.Subscription report() {
    StateEnvironment e = env.get();
    if (e == null) {
      return new MemberData.Subscription(null, null, Map.of());
    }
    if (config.standbyReplicas() == 0 && config.acceptableRecoveryLag() < 0) {
      // nothing decides on copies: keep the subscription the same across restarts, so that a
      // static member back within the session timeout rejoins without a rebalance (the
      // coordinator rebalances when a static member's subscription data changed)
      return new MemberData.Subscription(null, e.instanceId(), Map.of());
    }
    Map<Integer, Long> sums = new TreeMap<>();
    for (ProcessorDefinition<?, ?, ?> d : config.processors()) {
      int count = partitions.getOrDefault(d.id(), 0);
      for (int p = 0; p < count; p++) {
        long sum = StateManager.checkpointSum(e, config.applicationId(), d, p);
        if (sum >= 0) {
          sums.merge(p, sum, Long::sum);
        }
      }
    }
    return new MemberData.Subscription(null, e.instanceId(), sums);
  }
}
