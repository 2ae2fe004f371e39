package dev.rivulet.spring.query;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.spring.autoconfigure.RivuletAutoConfiguration;
import dev.rivulet.spring.autoconfigure.RivuletProperties;
import dev.rivulet.spring.autoconfigure.StreamProcessorRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Routed state queries in a servlet web application with a Rivulet runtime: a
 * {@link QueryForwarder} for application controllers, and with {@code rivulet.query.enabled=true}
 * the HTTP API under {@code /rivulet/v1/state} ({@link StateQueryController}). The API returns
 * stored values: put it behind the same protection as Actuator write operations.
 */
@AutoConfiguration(after = RivuletAutoConfiguration.class)
@ConditionalOnClass({RestClient.class, DispatcherServlet.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(Rivulet.class)
public final class RivuletQueryAutoConfiguration {

  /** Base path of the routed state query API, version included. */
  public static final String STATE_PATH = "/rivulet/v1/state";

  @Bean
  @ConditionalOnMissingBean
  QueryForwarder rivuletQueryForwarder(Rivulet rivulet, RivuletProperties properties) {
    return new QueryForwarder(rivulet, properties.getQuery().getTimeout());
  }

  @Bean
  @ConditionalOnBooleanProperty("rivulet.query.enabled")
  StateQueryController rivuletStateQueryController(Rivulet rivulet,
      ObjectProvider<StreamProcessorRegistry> registry, QueryForwarder forwarder,
      RivuletProperties properties) {
    return new StateQueryController(rivulet, new StateKeyParser(registry.getIfAvailable()),
        forwarder, new LocalStateReader(rivulet, properties.getQuery().getTimeout()));
  }
}
