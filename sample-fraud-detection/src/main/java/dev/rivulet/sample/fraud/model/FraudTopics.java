package dev.rivulet.sample.fraud.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topic names ({@code fraud.topics.*}). Payments and card events must be co-partitioned: same
 * partition count, keyed by card id with the default partitioner.
 *
 * @param payments input: {@link Payment}s
 * @param cardEvents input, compacted: {@link CardEvent}s
 * @param alerts output: {@link FraudAlert}s
 * @param partitions partitions of the card-events topic when the application declares it
 */
@ConfigurationProperties("fraud.topics")
public record FraudTopics(
    @DefaultValue("payments") String payments,
    @DefaultValue("card-events") String cardEvents,
    @DefaultValue("fraud-alerts") String alerts,
    @DefaultValue("4") int partitions) {

  /** The defaults above (for code running without Spring, such as unit tests). */
  public static FraudTopics defaults() {
    return new Binder().bindOrCreate("fraud.topics", FraudTopics.class);
  }
}
