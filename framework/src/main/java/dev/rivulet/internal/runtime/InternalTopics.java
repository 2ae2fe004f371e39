package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.state.StateSpec;
import java.util.ArrayList;
import java.util.List;

/** Names of internal topics and store ids, in one place. */
public final class InternalTopics {
  /** The store holding a processor's timers and watermark. */
  public static final String TIMER_STORE = "rivulet-timers";

  private InternalTopics() {}

  public static String changelog(String applicationId, String processorId, String store) {
    return applicationId + "-" + processorId + "-" + store + "-changelog";
  }

  public static String deadLetter(String applicationId, ProcessorDefinition<?, ?, ?> d) {
    return d.deadLetterTopic() != null ? d.deadLetterTopic()
        : applicationId + "-" + d.id() + "-dlq";
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
}
