package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.runtime.Rivulet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Starts and stops the application's {@link Rivulet} (the starter's or one the application
 * defines) with the context, and ties readiness and liveness to it.
 */
@AutoConfiguration(after = {RivuletAutoConfiguration.class,
    ApplicationAvailabilityAutoConfiguration.class})
@ConditionalOnBean(Rivulet.class)
@EnableConfigurationProperties({RivuletProperties.class, LifecycleProperties.class})
public final class RivuletLifecycleAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  RivuletLifecycle rivuletLifecycle(Rivulet rivulet, RivuletProperties properties,
      LifecycleProperties lifecycle) {
    return new RivuletLifecycle(rivulet, properties.isAutoStartup(),
        lifecycle.getTimeoutPerShutdownPhase());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ApplicationAvailability.class)
  RivuletAvailabilityPublisher rivuletAvailabilityPublisher(ObjectProvider<Rivulet> rivulet,
      ApplicationEventPublisher events, ApplicationAvailability availability) {
    return new RivuletAvailabilityPublisher(rivulet, events, availability);
  }
}
