package dev.rivulet.internal.runtime;

import dev.rivulet.api.runtime.RivuletConfig;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Runs the startup topic checks ({@link TopicSetup}) on their own thread with their own admin
 * client, while the runtime opens its state and builds its consumers: the admin round trips (and
 * topic creation) take about as long as that local work, and neither needs the other.
 */
final class TopicCheck {
  /** Each processor's partition count and each output's record size limit. */
  record Result(Map<String, Integer> partitions, Map<String, Integer> outputLimits) {}

  private final StartupStep<Result> checking;

  TopicCheck(RivuletConfig config) {
    checking = new StartupStep<>("rivulet-" + config.applicationId() + "-topic-check", () -> {
      try (Admin admin = Admin.create(new ClientConfigs(config).admin())) {
        TopicSetup setup = new TopicSetup(config, admin);
        Map<String, Integer> partitions = setup.run();
        return new Result(partitions, setup.outputLimits());
      }
    });
  }

  /**
   * The result; rethrows what the checks threw (a {@code RivuletConfigException} says what to
   * fix).
   */
  Result await() {
    return checking.await();
  }
}
