package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessorDefinition;

/**
 * Names of internal topics other than changelogs (those are named with their stores, in
 * {@link dev.rivulet.internal.state.StoreNames}).
 */
public final class InternalTopics {

  private InternalTopics() {}

  /** The processor's dead-letter topic: its own, or {@code <application-id>-<id>-dlq}. */
  public static String deadLetter(String applicationId, ProcessorDefinition<?, ?, ?> d) {
    return d.deadLetterTopic() != null ? d.deadLetterTopic()
        : applicationId + "-" + d.id() + "-dlq";
  }
}
