package dev.rivulet.spring.devbroker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Starts the dev broker (a {@link DevBroker} owned by the context) before the context refreshes, so
 * that every Kafka client of the application (Rivulet's, and Spring Kafka's templates and
 * listeners) uses it. Active only when {@code rivulet.dev-broker.enabled=true},
 * {@code rivulet-embedded-broker} is on the classpath and {@code spring.kafka.bootstrap-servers} is not set: an explicit broker
 * always wins. Creates the topics of {@code rivulet.dev-broker.topics}, then sets
 * {@code spring.kafka.bootstrap-servers} (and {@value #BOOTSTRAP_SERVERS_PROPERTY}) in a property
 * source of highest precedence, with a fresh {@code rivulet.state-dir} unless one is set. Set
 * {@code rivulet.dev-broker.port} for a fixed port.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class DevBrokerInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

  /** Set to the dev broker's address when it is in use; read-only. */
  public static final String BOOTSTRAP_SERVERS_PROPERTY = "rivulet.dev-broker.bootstrap-servers";

  static final String PROPERTY_SOURCE = "rivuletDevBroker";
  static final String BEAN_NAME = "rivuletDevBroker";
  private static final Logger log = LoggerFactory.getLogger(DevBrokerInitializer.class);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    Binder binder = Binder.get(environment);
    if (!binder.bind("rivulet.dev-broker.enabled", Boolean.class).orElse(false)
        || environment.getPropertySources().contains(PROPERTY_SOURCE)) {
      return;
    }
    if (!ClassUtils.isPresent(DevBroker.BROKER_CLASS, context.getClassLoader())) {
      log.warn("rivulet.dev-broker.enabled=true but {} is not on the classpath: add "
          + "dev.rivulet:rivulet-embedded-broker (e.g. with <scope>runtime</scope> in a "
          + "dev profile) or set spring.kafka.bootstrap-servers", DevBroker.BROKER_CLASS);
      return;
    }
    List<String> explicit = binder.bind("spring.kafka.bootstrap-servers",
        Bindable.listOf(String.class)).orElse(List.of());
    if (!explicit.isEmpty()) {
      log.info("rivulet.dev-broker.enabled=true ignored: spring.kafka.bootstrap-servers is set "
          + "to {}", explicit);
      return;
    }
    Map<String, Integer> topics = DevTopics.parse(
        binder.bind("rivulet.dev-broker.topics", Bindable.listOf(String.class)).orElse(List.of()),
        binder.bind("rivulet.dev-broker.partitions", Integer.class).orElse(1));
    DevBroker broker = DevBroker.start(binder.bind("rivulet.dev-broker.port", Integer.class)
        .orElse(0));
    ownedBy(context, broker);
    List<String> created = broker.createTopics(topics);
    String servers = broker.bootstrapServers();
    Map<String, Object> properties = new HashMap<>(Map.of(
        "spring.kafka.bootstrap-servers", servers, BOOTSTRAP_SERVERS_PROPERTY, servers));
    if (binder.bind("rivulet.state-dir", String.class).isBound()) {
      log.warn("rivulet.state-dir is set while the dev broker, which starts empty on every run, "
          + "is on: state left from an earlier run will be restored in full. Leave "
          + "rivulet.state-dir unset with the dev broker (a fresh directory is used)");
    } else {
      properties.put("rivulet.state-dir", broker.stateDir().toString());
    }
    environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
    log.info("Rivulet dev broker at {}; topics created: {}", servers, created);
  }

  /**
   * The broker stops with the context: as its last bean to be destroyed (after the runtime's
   * final commit), when the refresh fails, or when the start fails later on.
   */
  private static void ownedBy(ConfigurableApplicationContext context, DevBroker broker) {
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    beans.registerSingleton(BEAN_NAME, broker);
    if (beans instanceof DefaultSingletonBeanRegistry registry) {
      registry.registerDisposableBean(BEAN_NAME, broker);
    }
    context.addApplicationListener(new ApplicationListener<ApplicationFailedEvent>() {
      @Override
      public void onApplicationEvent(ApplicationFailedEvent event) {
        broker.destroy();
      }
    });
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 100;
  }
}
