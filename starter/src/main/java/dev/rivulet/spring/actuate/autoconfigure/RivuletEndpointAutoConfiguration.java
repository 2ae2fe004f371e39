package dev.rivulet.spring.actuate.autoconfigure;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.spring.actuate.RivuletEndpoint;
import dev.rivulet.spring.actuate.RivuletEndpointWebExtension;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link RivuletEndpoint} ({@code rivulet}), when Actuator is on the
 * classpath and the endpoint is available (enabled and exposed; nothing is exposed by default).
 */
@AutoConfiguration(after = RivuletAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Rivulet.class)
@ConditionalOnAvailableEndpoint(RivuletEndpoint.class)
public final class RivuletEndpointAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  RivuletEndpoint rivuletEndpoint(Rivulet rivulet,
      ObjectProvider<StreamProcessorRegistry> registry) {
    return new RivuletEndpoint(rivulet, registry.getIfAvailable());
  }

  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(RivuletEndpoint.class)
  RivuletEndpointWebExtension rivuletEndpointWebExtension(RivuletEndpoint endpoint) {
    return new RivuletEndpointWebExtension(endpoint);
  }
}
