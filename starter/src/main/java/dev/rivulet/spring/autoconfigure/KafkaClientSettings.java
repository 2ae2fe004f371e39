package dev.rivulet.spring.autoconfigure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.util.StringUtils;

/**
 * The Kafka connection of Rivulet's clients, derived the way Spring Boot derives its admin
 * client's: {@code spring.kafka.*} common and admin properties (security, SSL, SASL via
 * {@code spring.kafka.properties.*}), then the {@link KafkaConnectionDetails} (bootstrap servers,
 * security protocol, SSL bundle; also set by service connections), then
 * {@code rivulet.kafka-properties.*}. {@code client.id} is dropped: the runtime names each client.
 *
 * @param bootstrapServers comma-separated bootstrap servers
 * @param properties client properties applied to every Rivulet client
 */
record KafkaClientSettings(String bootstrapServers, Map<String, Object> properties) {

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
    return new KafkaClientSettings(bootstrap, Map.copyOf(properties));
  }
}
