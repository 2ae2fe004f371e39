package dev.rivulet.spring.console;

import dev.rivulet.spring.actuate.RivuletEndpoint;
import dev.rivulet.spring.actuate.autoconfigure.RivuletEndpointAutoConfiguration;
import dev.rivulet.spring.autoconfigure.RivuletProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of the operations console: on with {@code rivulet.console.enabled=true} in
 * a Spring MVC application whose {@code rivulet} endpoint is available over HTTP on the
 * application's own port (the page calls it), and whose context has a {@link MeterRegistry}
 * (the charts come from it). The page is at {@code rivulet.console.path}
 * ({@code /rivulet-console/} by default). With the routed state query API on
 * ({@code rivulet.query.enabled}) the page's key lookup goes through it, so any instance answers
 * for any key.
 */
@AutoConfiguration(after = RivuletEndpointAutoConfiguration.class,
    afterName = "org.springframework.boot.micrometer.metrics.autoconfigure."
        + "CompositeMeterRegistryAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
@ConditionalOnBooleanProperty("rivulet.console.enabled")
@ConditionalOnAvailableEndpoint(endpoint = RivuletEndpoint.class, exposure = EndpointExposure.WEB)
@ConditionalOnManagementPort(ManagementPortType.SAME)
@ConditionalOnBean({RivuletEndpoint.class, MeterRegistry.class})
@EnableConfigurationProperties(RivuletConsoleProperties.class)
public final class RivuletConsoleAutoConfiguration {

  @Bean
  MeterSampler rivuletConsoleMeterSampler(MeterRegistry registry,
      RivuletConsoleProperties properties) {
    return new MeterSampler(registry, System::currentTimeMillis, properties.capacity());
  }

  @Bean
  MeterSamplerSchedule rivuletConsoleMeterSamplerSchedule(MeterSampler sampler,
      RivuletConsoleProperties properties) {
    return new MeterSamplerSchedule(sampler, properties.getSampleInterval());
  }

  @Bean
  ConsoleController rivuletConsoleController(MeterSampler sampler,
      RivuletConsoleProperties properties, ObjectProvider<WebEndpointProperties> web,
      ObjectProvider<EndpointAccessResolver> access, ObjectProvider<RivuletProperties> rivulet) {
    RivuletProperties settings = rivulet.getIfAvailable();
    boolean stateQuery = settings != null && settings.getQuery().isEnabled();
    return new ConsoleController(new ConsoleSettingsFactory(web.getIfAvailable(),
        access.getIfAvailable(), properties, stateQuery), sampler, properties.getPath());
  }

  @Bean
  ConsoleResources rivuletConsoleResources(RivuletConsoleProperties properties) {
    return new ConsoleResources(properties.getPath());
  }
}
