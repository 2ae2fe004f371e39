package dev.rivulet.spring.actuate.autoconfigure;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.spring.actuate.RivuletInfoContributor;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link RivuletInfoContributor} ({@code management.info.rivulet.
 * enabled}, following {@code management.info.defaults.enabled}), when Actuator is on the
 * classpath.
 */
@AutoConfiguration(after = RivuletAutoConfiguration.class)
@ConditionalOnClass(InfoContributor.class)
@ConditionalOnBean(Rivulet.class)
@ConditionalOnEnabledInfoContributor("rivulet")
public final class RivuletInfoContributorAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  RivuletInfoContributor rivuletInfoContributor(Rivulet rivulet) {
    return new RivuletInfoContributor(rivulet);
  }
}
