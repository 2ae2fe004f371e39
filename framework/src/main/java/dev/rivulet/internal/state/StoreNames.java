package dev.rivulet.internal.state;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.StateSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** Names of a processor's stores: their column families and changelog topics, in one place. */
public final class StoreNames {
  /** The store holding a processor's timers, watermark and input positions. */
  public static final String TIMER_STORE = "rivulet-timers";

  private StoreNames() {}

  /** The changelog topic of a store. */
  public static String changelog(String applicationId, String processorId, String store) {
    return applicationId + "-" + processorId + "-" + store + "-changelog";
  }

  /** The changelog partition of one task's store. */
  public static TopicPartition changelog(String applicationId, String processorId, String store,
      int partition) {
    return new TopicPartition(changelog(applicationId, processorId, store), partition);
  }

  /** Column family of a store: {@code processor/store}. */
  public static String storeId(String processorId, String store) {
    return processorId + "/" + store;
  }

  /** Store names of a processor, the timer store last. */
  public static List<String> storeNames(ProcessorDefinition<?, ?, ?> d) {
    List<String> names = new ArrayList<>();
    for (StateSpec spec : d.stateSpecs()) {
      names.add(spec.name());
    }
    names.add(TIMER_STORE);
    return names;
  }

  /** Column families of every store of the given processors (what the environment opens). */
  public static List<String> storeIds(List<? extends ProcessorDefinition<?, ?, ?>> processors) {
    List<String> ids = new ArrayList<>();
    for (ProcessorDefinition<?, ?, ?> d : processors) {
      storeNames(d).forEach(name -> ids.add(storeId(d.id(), name)));
    }
    return ids;
  }
}
