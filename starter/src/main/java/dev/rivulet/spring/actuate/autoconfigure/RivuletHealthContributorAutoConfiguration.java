package dev.rivulet.spring.actuate.autoconfigure;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.spring.actuate.RivuletHealthIndicator;
import dev.rivulet.spring.autoconfigure.FatalErrorRecorder;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link RivuletHealthIndicator} ({@code management.health.rivulet.
 * enabled}, on by default), when Spring Boot's health support is on the classpath.
 */
@AutoConfiguration(after = RivuletAutoConfiguration.class,
    before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Rivulet.class)
@ConditionalOnEnabledHealthIndicator("rivulet")
public final class RivuletHealthContributorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "rivuletHealthIndicator")
  RivuletHealthIndicator rivuletHealthIndicator(Rivulet rivulet,
      ObjectProvider<FatalErrorRecorder> errors) {
    return new RivuletHealthIndicator(rivulet, errors.getIfAvailable());
  }
}
