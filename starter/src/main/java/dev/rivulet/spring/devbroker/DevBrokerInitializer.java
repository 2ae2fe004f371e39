package dev.rivulet.spring.devbroker;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Starts the dev broker (the JVM's {@link SharedKafkaBroker}) before the context refreshes, so
 * that every Kafka client of the application (Rivulet's, and Spring Kafka's templates and
 * listeners) uses it. Active only when {@code rivulet.dev-broker.enabled=true}, spring-kafka-test
 * is on the classpath and {@code spring.kafka.bootstrap-servers} is not set: an explicit broker
 * always wins. Creates the topics of {@code rivulet.dev-broker.topics}, then sets
 * {@code spring.kafka.bootstrap-servers} (and {@value #BOOTSTRAP_SERVERS_PROPERTY}) in a property
 * source of highest precedence.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class DevBrokerInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

  /** Set to the dev broker's address when it is in use; read-only. */
  public static final String BOOTSTRAP_SERVERS_PROPERTY = "rivulet.dev-broker.bootstrap-servers";

  static final String PROPERTY_SOURCE = "rivuletDevBroker";
  private static final Logger log = LoggerFactory.getLogger(DevBrokerInitializer.class);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment environment = context.getEnvironment();
    Binder binder = Binder.get(environment);
    if (!binder.bind("rivulet.dev-broker.enabled", Boolean.class).orElse(false)
        || environment.getPropertySources().contains(PROPERTY_SOURCE)) {
      return;
    }
    if (!ClassUtils.isPresent(SharedKafkaBroker.BROKER_CLASS, context.getClassLoader())) {
      log.warn("rivulet.dev-broker.enabled=true but {} is not on the classpath: add "
          + "org.springframework.kafka:spring-kafka-test (e.g. with <scope>runtime</scope> in a "
          + "dev profile) or set spring.kafka.bootstrap-servers", SharedKafkaBroker.BROKER_CLASS);
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
    SharedKafkaBroker broker = SharedKafkaBroker.shared();
    List<String> created = broker.createTopics(topics);
    String servers = broker.bootstrapServers();
    environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, Map.of(
        "spring.kafka.bootstrap-servers", servers, BOOTSTRAP_SERVERS_PROPERTY, servers)));
    log.info("Rivulet dev broker (in-process KRaft, for development only) at {}; topics created: "
        + "{}", servers, created);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 100;
  }
}
