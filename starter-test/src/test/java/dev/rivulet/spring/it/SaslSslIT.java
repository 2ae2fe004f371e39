package dev.rivulet.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.runtime.RivuletRuntime;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.autoconfigure.RivuletProperties;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Rivulet against a broker whose only client listener is SASL_SSL (SCRAM-SHA-512 over TLS with a
 * certificate made by the test), configured through Spring Boot's {@code spring.kafka.*}
 * properties alone: records are processed exactly once, state is written to and restored from
 * its changelog, a rejected record is dead-lettered; a wrong password or a trust store without
 * the broker's certificate fails the start at once with Kafka's reason. The passwords appear
 * nowhere: not in the logs (Kafka's own client configuration logs included), the Actuator
 * endpoints, the {@code toString()} of Rivulet's configuration, or the dead-letter headers.
 */
@ExtendWith(OutputCaptureExtension.class)
class SaslSslIT {
  static final String APP = "sasl-ssl-it";
  static final String INPUT = "sasl-orders";
  static final String OUTPUT = "sasl-order-counts";
  static final String DEAD_LETTERS = APP + "-counts-dlq";
  static final String POISON = "poison";
  static final String USER = "rivulet-app";
  static final String PASSWORD = "Sasl-Pw-7c1e94d2b6";
  static final String WRONG_PASSWORD = "Wrong-Pw-30a8f5e1c9";
  static final String TRUST_STORE_PASSWORD = "Trust-Pw-d94b07a2e3";
  static final String KEY_STORE_PASSWORD = "Key-Pw-5f62c1b8a0";
  static final List<String> SECRETS =
      List.of(PASSWORD, WRONG_PASSWORD, TRUST_STORE_PASSWORD, KEY_STORE_PASSWORD);
  static final int KEYS = 10;
  static final int PER_KEY = 5;

  @TempDir static Path tlsDir;
  static SaslSslBroker broker;

  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Counts.class)
  static class App {}

  /** Counts records per key and emits each new count; rejects {@value #POISON}. */
  @StreamProcessor(id = "counts", inputs = INPUT, output = OUTPUT,
      errorPolicy = ErrorPolicy.DEAD_LETTER)
  static class Counts implements KeyedProcessor<String, String, Long> {
    static final ValueStateSpec<Long> COUNT = StateSpec.value("count", Long.class);

    @Override
    public void process(String item, KeyedContext<String, Long> ctx) {
      if (item.equals(POISON)) {
        throw new IllegalArgumentException("rejected item of " + ctx.key());
      }
      long count = ctx.state(COUNT).getOrDefault(0L) + 1;
      ctx.state(COUNT).put(count);
      ctx.emit(count);
    }
  }

  @BeforeAll
  static void startBroker() throws Exception {
    TlsMaterial tls = TlsMaterial.generate(tlsDir, KEY_STORE_PASSWORD, TRUST_STORE_PASSWORD);
    broker = SaslSslBroker.start(tls);
    broker.addUser(USER, PASSWORD);
    broker.createTopics(USER, PASSWORD, Map.of(INPUT, 3, OUTPUT, 3));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void stopApps() {
    apps.forEach(ConfigurableApplicationContext::close);
  }

  /** What makes the other tests' success mean that Rivulet's clients used SASL_SSL. */
  @Test
  void theClientListenerSpeaksNothingButSaslSsl() {
    assertThat(broker.answersPlaintext(Duration.ofSeconds(3))).as("PLAINTEXT client answered")
        .isFalse();
    Map<String, Object> noSasl = broker.clientProperties(USER, PASSWORD);
    noSasl.remove(SaslConfigs.SASL_JAAS_CONFIG);
    noSasl.remove(SaslConfigs.SASL_MECHANISM);
    noSasl.put("security.protocol", "SSL");
    noSasl.put("default.api.timeout.ms", 3000);
    noSasl.put("request.timeout.ms", 3000);
    try (Admin admin = Admin.create(noSasl)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get())
          .as("TLS without SASL").isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  void processesExactlyOnceOverSaslSslAndKeepsTheSecretsOut(CapturedOutput output)
      throws Exception {
    double authenticated = broker.authentications("successful-authentication-total");
    int port = QueryInstances.freePort();
    ConfigurableApplicationContext app = start(PASSWORD, "first", port);
    produce(0, PER_KEY, true);
    await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(60)).until(
        () -> read(OUTPUT).size() == KEYS * PER_KEY && read(DEAD_LETTERS).size() == 1);
    assertThat(countsByKey()).hasSize(KEYS)
        .allSatisfy((key, counts) -> assertThat(counts).containsExactly(1L, 2L, 3L, 4L, 5L));
    assertThat(broker.authentications("successful-authentication-total"))
        .as("SCRAM authentications on the SASL_SSL listener").isGreaterThan(authenticated);

    ConsumerRecord<String, byte[]> deadLetter = read(DEAD_LETTERS).get(0);
    assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo(POISON);
    assertThat(header(deadLetter, "rivulet.dlq.exception"))
        .isEqualTo(IllegalArgumentException.class.getName());
    for (Header h : deadLetter.headers()) {
      assertNoSecret("dead-letter header " + h.key(),
          new String(h.value(), StandardCharsets.UTF_8));
    }

    ItHttp http = new ItHttp(port);
    assertThat(http.json("/actuator/rivulet/counts/count/k3").get("value").asLong())
        .isEqualTo(PER_KEY);
    for (String path : List.of("/actuator/rivulet", "/actuator/health", "/actuator/info",
        "/actuator/configprops", "/actuator/env")) {
      HttpResponse<String> answer = http.get(path);
      assertThat(answer.statusCode()).as(path).isEqualTo(200);
      assertNoSecret(path, answer.body());
    }
    assertThat(http.get("/actuator/configprops").body()).contains("spring.kafka", "rivulet");
    assertThat(http.get("/actuator/env").body())
        .contains("spring.kafka.properties.sasl.jaas.config");

    Rivulet rivulet = app.getBean(Rivulet.class);
    assertThat(rivulet).isInstanceOf(RivuletRuntime.class);
    RivuletConfig config = ((RivuletRuntime) rivulet).config();
    assertThat(config.kafkaProperties().get(SaslConfigs.SASL_JAAS_CONFIG).toString())
        .as("the secret does reach Rivulet's configuration").contains(PASSWORD);
    assertNoSecret("Rivulet", rivulet.toString());
    assertNoSecret("RivuletConfig", config.toString());
    assertNoSecret("RivuletProperties", app.getBean(RivuletProperties.class).toString());

    // a new instance on an empty state directory restores the counts from the changelog
    app.close();
    start(PASSWORD, "second", QueryInstances.freePort());
    produce(PER_KEY, PER_KEY + 1, false);
    await().pollInterval(Duration.ofMillis(500)).atMost(Duration.ofSeconds(60)).until(
        () -> read(OUTPUT).size() == KEYS * (PER_KEY + 1));
    assertThat(countsByKey()).hasSize(KEYS)
        .allSatisfy((key, counts) -> assertThat(counts).containsExactly(1L, 2L, 3L, 4L, 5L, 6L));
    assertThat(read(APP + "-counts-count-changelog")).isNotEmpty();

    // Kafka's clients logged their configuration (at INFO here), passwords masked
    assertThat(output.getAll()).contains("sasl.jaas.config = [hidden]",
        "ssl.truststore.password = [hidden]", "Rivulet '" + APP + "' started");
    assertNoSecret("the log", output.getAll());
  }

  @Test
  void aWrongPasswordFailsTheStartWithTheAuthenticationError(CapturedOutput output) {
    double failed = broker.authentications("failed-authentication-total");
    long begin = System.nanoTime();
    Throwable failure = failedStart(WRONG_PASSWORD, tlsDir.resolve("truststore.p12"));
    long seconds = Duration.ofNanos(System.nanoTime() - begin).toSeconds();
    System.out.printf("SaslSslIT: a wrong password failed the start after %d s%n", seconds);
    assertThat(failure).hasRootCauseInstanceOf(SaslAuthenticationException.class);
    assertThat(causes(failure)).contains("Cannot authenticate to Kafka at "
        + broker.bootstrapServers() + ": Authentication failed during authentication due to "
        + "invalid credentials with SASL mechanism " + SaslSslBroker.MECHANISM);
    assertThat(output.getAll()).as("Spring Boot's failure report").contains("APPLICATION FAILED "
        + "TO START", "Cannot authenticate to Kafka at " + broker.bootstrapServers());
    // usually 4-6 s; one CI run took 30 s and still failed on the authentication error (the
    // message above, not "Cannot reach Kafka ... within 30 s"): the timing is reported, the
    // cause is what is asserted
    assertThat(broker.authentications("failed-authentication-total")).isGreaterThan(failed);
    assertNoSecret("the log", output.getAll());
  }

  @Test
  void aTrustStoreWithoutTheBrokersCertificateFailsTheStartWithTheTlsError(@TempDir Path other,
      CapturedOutput output) {
    TlsMaterial stranger = TlsMaterial.generate(other, KEY_STORE_PASSWORD, TRUST_STORE_PASSWORD);
    Throwable failure = failedStart(PASSWORD, stranger.trustStore());
    assertThat(causes(failure)).contains("Cannot authenticate to Kafka at "
        + broker.bootstrapServers() + ": SSL handshake failed", SslAuthenticationException.class
        .getName());
    assertNoSecret("the log", output.getAll());
  }

  /** The failure of a start, bounded in time: a hang fails the test. */
  private Throwable failedStart(String password, Path trustStore) {
    return assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
      try {
        start(password, trustStore, "failing", QueryInstances.freePort());
      } catch (RuntimeException e) {
        return e;
      }
      throw new AssertionError("started with a wrong password or trust store");
    });
  }

  private ConfigurableApplicationContext start(String password, String name, int port) {
    return start(password, tlsDir.resolve("truststore.p12"), name, port);
  }

  private ConfigurableApplicationContext start(String password, Path trustStore, String name,
      int port) {
    ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class).properties(
        "spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
        "spring.kafka.security.protocol=SASL_SSL",
        "spring.kafka.ssl.trust-store-location=file:" + trustStore,
        "spring.kafka.ssl.trust-store-password=" + TRUST_STORE_PASSWORD,
        "spring.kafka.ssl.trust-store-type=" + TlsMaterial.STORE_TYPE,
        "spring.kafka.properties.sasl.mechanism=" + SaslSslBroker.MECHANISM,
        "spring.kafka.properties.sasl.jaas.config=" + SaslSslBroker.jaasConfig(USER, password),
        "spring.application.name=" + APP,
        "server.port=" + port,
        "rivulet.state-dir=target/it-state/sasl-ssl-" + name + "-" + System.nanoTime(),
        "rivulet.commit-interval=50ms",
        "management.endpoints.web.exposure.include=health,info,rivulet,configprops,env",
        "management.endpoint.health.show-details=always",
        "logging.level.dev.rivulet=DEBUG",
        // Kafka's clients log their whole configuration through this logger
        "logging.level.org.apache.kafka.common.config.AbstractConfig=INFO",
        "spring.main.banner-mode=off").run();
    apps.add(app);
    return app;
  }

  /** Items {@code from..to-1} of every key, optionally with one poison record. */
  private static void produce(int from, int to, boolean poison) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(
        broker.clientProperties(USER, PASSWORD), new StringSerializer(), new StringSerializer())) {
      for (int n = from; n < to; n++) {
        for (int k = 0; k < KEYS; k++) {
          producer.send(new ProducerRecord<>(INPUT, "k" + k, "item-" + n));
        }
        if (poison && n == from) {
          producer.send(new ProducerRecord<>(INPUT, "k0", POISON));
        }
      }
      producer.flush();
    }
  }

  /** Every count emitted per key, in order. */
  private static Map<String, List<Long>> countsByKey() {
    LongDeserializer longs = new LongDeserializer();
    return read(OUTPUT).stream().collect(Collectors.groupingBy(ConsumerRecord::key, TreeMap::new,
        Collectors.mapping(r -> longs.deserialize(OUTPUT, r.value()), Collectors.toList())));
  }

  /** Every read_committed record of a topic over SASL_SSL, up to the last stable offsets. */
  private static List<ConsumerRecord<String, byte[]>> read(String topic) {
    Map<String, Object> config = broker.clientProperties(USER, PASSWORD);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config,
        new StringDeserializer(), new ByteArrayDeserializer())) {
      if (!consumer.listTopics().containsKey(topic)) {
        return records;
      }
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String causes(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t).append('\n');
    }
    return messages.toString();
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertThat(text).as("%s shows a password", where).doesNotContain(secret);
    }
  }
}
