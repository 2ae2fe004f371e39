package dev.rivulet.internal.runtime;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether any of some partitions has a transaction open: its last stable offset is below its log
 * end. A {@code read_committed} restore stops at the last stable offset, so while a transaction
 * is open (one a crashed owner left behind, until the broker aborts it) whatever a later owner
 * committed after it is invisible to the restore. Asked only on the rare path where a restored
 * state is behind the group's offsets ({@link PositionGuard}), through the runtime's
 * {@link SharedAdmin}. Thread-safe; shared by a runtime's workers.
 */
final class OpenTransactions implements Predicate<Collection<TopicPartition>> {
  private static final Logger log = LoggerFactory.getLogger(OpenTransactions.class);
  private static final long TIMEOUT_MILLIS = 5_000;

  private final Supplier<Admin> admin;

  OpenTransactions(Supplier<Admin> admin) {
    this.admin = admin;
  }

  /** True if a partition has an open transaction, or if that cannot be told right now. */
  @Override
  public boolean test(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return false;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    try {
      Admin client = admin.get();
      var stable = client.listOffsets(latest,
          new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all();
      var end = client.listOffsets(latest,
          new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all();
      Map<TopicPartition, ListOffsetsResultInfo> lso = stable.get(TIMEOUT_MILLIS,
          TimeUnit.MILLISECONDS);
      Map<TopicPartition, ListOffsetsResultInfo> hw = end.get(TIMEOUT_MILLIS,
          TimeUnit.MILLISECONDS);
      return partitions.stream().anyMatch(tp -> lso.get(tp).offset() < hw.get(tp).offset());
    } catch (ExecutionException | TimeoutException e) {
      log.warn("Cannot tell whether {} have open transactions ({}); asking again", partitions,
          e.toString());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
