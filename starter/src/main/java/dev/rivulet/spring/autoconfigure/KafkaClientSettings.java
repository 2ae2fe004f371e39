package dev.rivulet.spring.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * The Kafka settings of Rivulet's clients, derived the way Spring Boot derives its own clients',
 * so that a team's existing {@code spring.kafka.*} settings carry over. Precedence, lowest first:
 * Rivulet's defaults; {@code spring.kafka.*} common and admin properties (security, SSL, SASL via
 * {@code spring.kafka.properties.*}) for every client; {@code spring.kafka.consumer.*} for
 * Rivulet's consumers and {@code spring.kafka.producer.*} for its producers; the
 * {@link KafkaConnectionDetails} (bootstrap servers, security protocol, SSL bundle; also set by
 * service connections); {@code rivulet.kafka-properties.*}, over all of them; and last the
 * settings exactly-once depends on, which nothing overrides. {@code client.id}, serializers and
 * bootstrap servers in the maps are dropped: the runtime sets them.
 *
 * @param bootstrapServers comma-separated bootstrap servers
 * @param properties client properties applied to every Rivulet client
 * @param consumerProperties client properties of Rivulet's consumers (over {@code properties})
 * @param producerProperties client properties of Rivulet's producers (over {@code properties})
 */
record KafkaClientSettings(String bootstrapServers, Map<String, Object> properties,
    Map<String, Object> consumerProperties, Map<String, Object> producerProperties) {

  /** Set by the runtime for its own clients: never taken from the Spring Kafka settings. */
  private static final List<String> RUNTIME_OWNED = List.of(
      CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, CommonClientConfigs.CLIENT_ID_CONFIG,
      "key.serializer", "value.serializer", "key.deserializer", "value.deserializer");

  static KafkaClientSettings of(KafkaProperties kafka,
      @Nullable KafkaConnectionDetails connectionDetails, Map<String, String> overrides) {
    Map<String, Object> properties = new HashMap<>(kafka.buildAdminProperties());
    List<String> servers = kafka.getBootstrapServers();
    if (connectionDetails != null) {
      KafkaConnectionDetails.Configuration admin = connectionDetails.getAdmin();
      servers = admin.getBootstrapServers();
      if (StringUtils.hasLength(admin.getSecurityProtocol())) {
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, admin.getSecurityProtocol());
      }
      SslBundle bundle = admin.getSslBundle();
      if (bundle != null) {
        properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
        properties.put(SslBundle.class.getName(), bundle);
      }
    }
    properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    properties.remove(CommonClientConfigs.CLIENT_ID_CONFIG);
    properties.putAll(overrides);
    String bootstrap = overrides.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
        ? overrides.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
        : String.join(",", servers);
    properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    return new KafkaClientSettings(bootstrap, Map.copyOf(properties),
        roleSpecific(kafka.buildConsumerProperties(), properties, overrides),
        roleSpecific(kafka.buildProducerProperties(), properties, overrides));
  }

  /**
   * Names the properties without their values: they hold secrets ({@code sasl.jaas.config},
   * SSL passwords) as plain strings, which a record's generated {@code toString()} would print.
   */
  @Override
  public String toString() {
    return "KafkaClientSettings[bootstrapServers=" + bootstrapServers + ", properties="
        + new TreeSet<>(properties.keySet()) + ", consumerProperties="
        + new TreeSet<>(consumerProperties.keySet()) + ", producerProperties="
        + new TreeSet<>(producerProperties.keySet()) + "]";
  }

  /**
   * What a role's Spring Kafka properties add to or change in the common ones; the overrides of
   * {@code rivulet.kafka-properties.*} still win.
   */
  private static Map<String, Object> roleSpecific(Map<String, Object> role,
      Map<String, Object> common, Map<String, String> overrides) {
    Map<String, Object> specific = new HashMap<>();
    role.forEach((k, v) -> {
      if (!RUNTIME_OWNED.contains(k) && !overrides.containsKey(k) && !v.equals(common.get(k))) {
        specific.put(k, v);
      }
    });
    return Map.copyOf(specific);
  }
}
