package dev.rivulet.sample.fraud;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.sample.fraud.model.CardActivity;
import dev.rivulet.sample.fraud.model.FraudAlert;
import dev.rivulet.sample.fraud.model.FraudTopics;
import dev.rivulet.sample.fraud.model.Payment;
import dev.rivulet.sample.fraud.rules.CardFraudProcessor;
import dev.rivulet.sample.fraud.rules.RuleSettings;
import dev.rivulet.sample.fraud.rules.VelocityProcessor;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The two processors, as {@link ProcessorDefinition} beans (the starter runs every such bean):
 * definitions rather than {@code @StreamProcessor} classes because {@code card-fraud} reads two
 * topics with a serde each, and {@code card-velocity} declares the state of a windowed
 * aggregation.
 */
@Configuration(proxyBeanMethods = false)
class FraudProcessorsConfiguration {

  @Bean
  ProcessorDefinition<String, CardActivity, FraudAlert> cardFraud(FraudTopics topics,
      RuleSettings rules) {
    return CardFraudProcessor.definition(topics, rules);
  }

  @Bean
  ProcessorDefinition<String, Payment, FraudAlert> cardVelocity(FraudTopics topics,
      RuleSettings rules) {
    return VelocityProcessor.definition(topics, rules);
  }

  /**
   * The card-events topic is compacted (latest status per card). On the dev broker (or with
   * {@code fraud.topics.create=true}) Spring Kafka's admin creates it at startup if missing, and
   * with {@code spring.kafka.admin.modify-topic-configs=true} also compacts an existing one (such
   * as the one the dev broker created). Against a real cluster the topics are created by its
   * operators (the compose file's init step, the Helm chart's notes): an unreachable cluster
   * then fails the start within {@code rivulet.startup-timeout}, not the admin's 30 s.
   */
  @Bean
  @ConditionalOnExpression("${fraud.topics.create:false} "
      + "or '${rivulet.dev-broker.bootstrap-servers:}' != ''")
  NewTopic cardEventsTopic(FraudTopics topics) {
    return TopicBuilder.name(topics.cardEvents()).partitions(topics.partitions()).compact()
        .build();
  }
}
