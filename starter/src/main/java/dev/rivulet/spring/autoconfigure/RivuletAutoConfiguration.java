package dev.rivulet.spring.autoconfigure;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletBuilder;
import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.spring.RivuletCustomizer;
import dev.rivulet.spring.StreamProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of the application's Rivulet runtime: finds the
 * {@link StreamProcessor @StreamProcessor} and {@link ProcessorDefinition} beans and builds one
 * {@link Rivulet} from {@code rivulet.*} and {@code spring.kafka.*}, with every
 * {@link RivuletListener} bean, the context's {@link MeterRegistry} and the
 * {@link RivuletCustomizer} beans applied last. Backs off when there is no processor or when the
 * application defines its own {@code Rivulet} bean. Started and stopped by
 * {@link RivuletLifecycleAutoConfiguration}.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
    afterName = RivuletAutoConfiguration.METRICS)
@ConditionalOnClass(Rivulet.class)
@EnableConfigurationProperties({RivuletProperties.class, KafkaProperties.class})
public final class RivuletAutoConfiguration {

  /** Where the context's MeterRegistry is defined (an optional module, so named, not linked). */
  static final String METRICS = "org.springframework.boot.micrometer.metrics.autoconfigure."
      + "CompositeMeterRegistryAutoConfiguration";

  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnProcessorsCondition.class)
  StreamProcessorRegistry streamProcessorRegistry(ConfigurableListableBeanFactory beanFactory,
      Environment environment, RivuletProperties properties) {
    return new StreamProcessorScanner(beanFactory, environment,
        properties.getDefaultErrorPolicy()).scan();
  }

  /**
   * Applied by Spring Boot to every meter registry before meters exist: Rivulet's own Kafka
   * clients publish as {@code rivulet.kafka.*}, apart from the {@code kafka.*} meters Boot binds
   * for the application's Spring Kafka clients (other tag keys; Prometheus would refuse one).
   */
  @Bean
  static MeterFilter rivuletKafkaClientMeterFilter() {
    return RivuletMetricNames.kafkaClients();
  }

  @Bean
  @ConditionalOnMissingBean
  FatalErrorRecorder rivuletFatalErrorRecorder() {
    return new FatalErrorRecorder();
  }

  @Bean
  @ConditionalOnMissingBean(Rivulet.class)
  @Conditional(OnProcessorsCondition.class)
  Rivulet rivulet(RivuletProperties properties, Environment environment,
      StreamProcessorRegistry registry, KafkaProperties kafkaProperties,
      ObjectProvider<KafkaConnectionDetails> connectionDetails,
      ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<RivuletListener> listeners,
      ObjectProvider<RivuletCustomizer> customizers) {
    KafkaClientSettings kafka = KafkaClientSettings.of(kafkaProperties,
        connectionDetails.getIfAvailable(), properties.getKafkaProperties());
    RivuletBuilder builder = Rivulet.builder()
        .applicationId(applicationId(properties, environment))
        .bootstrapServers(kafka.bootstrapServers())
        .kafkaProperties(kafka.properties())
        .consumerProperties(kafka.consumerProperties())
        .producerProperties(kafka.producerProperties())
        .threads(properties.getThreads())
        .standbyReplicas(properties.getStandbyReplicas())
        .acceptableRecoveryLag(properties.getAcceptableRecoveryLag())
        .probingRebalanceInterval(properties.getProbingRebalanceInterval())
        .guarantee(properties.getGuarantee())
        .memory(properties.getMemory().getBlockCache().toBytes(),
            properties.getMemory().getWriteBuffer().toBytes())
        .stateCache(properties.getMemory().getStateCache().toBytes())
        .startupTimeout(properties.getStartupTimeout())
        .createTopics(properties.isCreateTopics())
        .fenceAbandonedTransactions(properties.isFenceAbandonedTransactions())
        .replicationFactor(properties.getReplicationFactor());
    PropertyMapper map = PropertyMapper.get();
    map.from(properties::getCommitInterval).to(builder::commitInterval);
    map.from(properties::getStateDir).to(builder::stateDir);
    map.from(properties::getInstanceId).whenHasText().to(builder::instanceId);
    map.from(properties::getAdvertisedUrl).whenHasText().to(builder::advertisedUrl);
    registry.registrations().forEach(r -> builder.processor(r.definition()));
    meterRegistry.ifUnique(builder::meterRegistry);
    listeners.orderedStream().forEach(builder::listener);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * The default {@code rivulet.advertised-url} of a servlet web application, applied before the
   * application's customizers.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static final class WebServerAdvertisedUrl {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RivuletCustomizer rivuletDefaultAdvertisedUrl(RivuletProperties properties,
        Environment environment) {
      return new DefaultAdvertisedUrl(properties, environment);
    }
  }

  static String applicationId(RivuletProperties properties, Environment environment) {
    String id = properties.getApplicationId();
    if (!StringUtils.hasText(id)) {
      id = environment.getProperty("spring.application.name");
    }
    if (!StringUtils.hasText(id)) {
      throw new RivuletConfigException("Rivulet needs an application id: set "
          + "rivulet.application-id or spring.application.name (it is the consumer group id and "
          + "the prefix of the changelog topics, so keep it stable)");
    }
    return id;
  }

  /** There is at least one {@code @StreamProcessor} bean or {@code ProcessorDefinition} bean. */
  static final class OnProcessorsCondition extends AnyNestedCondition {

    OnProcessorsCondition() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(annotation = StreamProcessor.class)
    static final class AnnotatedProcessors {}

    @ConditionalOnBean(ProcessorDefinition.class)
    static final class ProcessorDefinitions {}
  }
}
