package dev.rivulet.it;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.RuntimeState;
import java.nio.file.Path;
import java.time.Duration;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A runtime in its own JVM, so tests can SIGKILL it. Args: bootstrap applicationId stateDir
 * input output delayMicros [guarantee [payments]] (payments: the JSON dead-letter processor). Prints {@code RESTORED <partition> <store> <n>} when a
 * store finished restoring and {@code STATE <state>} on state changes; a line {@code STOP} on
 * stdin closes the runtime cleanly. System properties {@code rivulet.it.instanceId} and
 * {@code rivulet.it.sessionTimeoutMs} turn on static membership ({@code sessionTimeoutMs}
 * alone shortens the session); {@code rivulet.it.standbyReplicas} sets standby replicas;
 * {@code rivulet.it.transactionTimeoutMs} the producers' transaction timeout,
 * {@code rivulet.it.commitIntervalMs} the commit interval.
 */
public final class CheckingApp {
  private CheckingApp() {}

  public static void main(String[] args) {
    ProcessingGuarantee guarantee = args.length > 6 ? ProcessingGuarantee.valueOf(args[6])
        : ProcessingGuarantee.EXACTLY_ONCE;
    RivuletBuilder builder = Rivulet.builder();
    String instanceId = System.getProperty("rivulet.it.instanceId");
    if (instanceId != null) {
      builder.instanceId(instanceId)
          .kafkaProperty("session.timeout.ms", Integer.getInteger("rivulet.it.sessionTimeoutMs"))
          .kafkaProperty("heartbeat.interval.ms", 1_000);
    }
    if (instanceId == null && Integer.getInteger("rivulet.it.sessionTimeoutMs") != null) {
      builder.kafkaProperty("session.timeout.ms", Integer.getInteger("rivulet.it.sessionTimeoutMs"))
          .kafkaProperty("heartbeat.interval.ms", 1_000);
    }
    builder.standbyReplicas(Integer.getInteger("rivulet.it.standbyReplicas", 0));
    Integer commitInterval = Integer.getInteger("rivulet.it.commitIntervalMs");
    if (commitInterval != null) {
      builder.commitInterval(Duration.ofMillis(commitInterval));
    }
    Integer transactionTimeout = Integer.getInteger("rivulet.it.transactionTimeoutMs");
    if (transactionTimeout != null) {
      builder.kafkaProperty("transaction.timeout.ms", transactionTimeout);
    }
    Rivulet rivulet = builder
        .applicationId(args[1])
        .bootstrapServers(args[0])
        .stateDir(Path.of(args[2]))
        .guarantee(guarantee)
        .processor(args.length > 7 && args[7].equals("payments")
            ? PaymentsProcessor.definition(args[3], args[4], ErrorPolicy.DEAD_LETTER,
                new PaymentsProcessor(Long.parseLong(args[5])))
            : CheckingProcessor.definition("checker", args[3], args[4],
                new CheckingProcessor(Long.parseLong(args[5]), id -> false, 0)))
        .listener(new RivuletListener() {
          @Override
          public void onStateChange(RuntimeState from, RuntimeState to) {
            System.out.println("STATE " + to);
          }

          @Override
          public void onRestoreEnd(String processorId, int partition, String store, long n) {
            System.out.println("RESTORED " + partition + " " + store + " " + n);
          }
        })
        .build();
    rivulet.start();
    // a clean stop is asked for on stdin (signals are not reliable from a test JVM)
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null && !line.equals("STOP")) {
        // wait
      }
    } catch (IOException e) {
      // parent gone: stop
    }
    rivulet.close(Duration.ofSeconds(20));
    System.out.println("CLOSED");
    System.out.flush();
    System.exit(0);
  }
}
