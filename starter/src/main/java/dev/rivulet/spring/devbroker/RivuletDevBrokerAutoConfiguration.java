package dev.rivulet.spring.devbroker;

import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import dev.rivulet.spring.autoconfigure.RivuletProperties;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * When the {@link DevBrokerInitializer} started the dev broker: creates the processors' missing
 * input topics on it before the runtime starts.
 */
@AutoConfiguration(after = RivuletAutoConfiguration.class)
@ConditionalOnProperty(DevBrokerInitializer.BOOTSTRAP_SERVERS_PROPERTY)
@ConditionalOnBean(StreamProcessorRegistry.class)
@EnableConfigurationProperties(RivuletProperties.class)
public final class RivuletDevBrokerAutoConfiguration {

  @Bean
  DevBrokerInputTopics rivuletDevBrokerInputTopics(Environment environment,
      StreamProcessorRegistry registry, RivuletProperties properties) {
    return new DevBrokerInputTopics(
        environment.getRequiredProperty(DevBrokerInitializer.BOOTSTRAP_SERVERS_PROPERTY),
        registry, properties.getDevBroker().getPartitions());
  }
}
