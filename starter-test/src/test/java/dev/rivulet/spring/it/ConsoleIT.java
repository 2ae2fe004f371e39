package dev.rivulet.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.spring.StreamProcessor;
import dev.rivulet.spring.test.RivuletTestBroker;
import dev.rivulet.spring.test.RivuletTestBroker.BrokerKind;
import dev.rivulet.spring.test.TestBrokers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The operations console served by a real application: the page, its scripts and uPlot from
 * the WebJar, its settings, and chart samples and dead-letter counts computed from the meters
 * while records flow. (The page itself is driven in a browser by the samples' page tests.)
 */
@SpringBootTest(classes = ConsoleIT.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.application.name=console-it",
        "rivulet.state-dir=target/it-state/console-${random.uuid}",
        "rivulet.console.enabled=true",
        "rivulet.console.sample-interval=200ms",
        "management.endpoints.web.exposure.include=health,rivulet"})
@RivuletTestBroker(topics = "console-in:2")
@DirtiesContext
class ConsoleIT {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(Upper.class)
  static class App {}

  @StreamProcessor(id = "upper", inputs = "console-in", output = "console-out",
      errorPolicy = ErrorPolicy.DEAD_LETTER)
  static class Upper implements KeyedProcessor<String, String, String> {
    @Override
    public void process(String value, KeyedContext<String, String> ctx) {
      if (value.startsWith("bad")) {
        throw new IllegalArgumentException("bad record " + value);
      }
      ctx.emit(value.toUpperCase());
    }
  }

  @LocalServerPort int port;
  @Autowired Rivulet rivulet;

  @Test
  void servesThePageItsAssetsAndLiveChartData() {
    ItHttp http = new ItHttp(port);
    HttpResponse<String> redirect = http.get("/rivulet-console");
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).hasValue("rivulet-console/");
    HttpResponse<String> page = http.get("/rivulet-console/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("uplot/uPlot.iife.min.js", "assets/console.js",
        "assets/lookup.js");
    for (String asset : new String[] {"assets/console.js", "assets/lookup.js",
        "assets/console.css", "uplot/uPlot.iife.min.js", "uplot/uPlot.min.css"}) {
      HttpResponse<String> response = http.get("/rivulet-console/" + asset);
      assertThat(response.statusCode()).as(asset).isEqualTo(200);
      assertThat(response.body()).as(asset).isNotBlank();
    }
    assertThat(http.get("/rivulet-console/assets/missing.js").statusCode()).isEqualTo(404);

    JsonNode settings = http.json("/rivulet-console/settings");
    assertThat(settings.get("endpoint").asString()).isEqualTo("/actuator/rivulet");
    // the routed query API is off here: the page looks keys up through the endpoint
    assertThat(settings.path("stateQuery").isMissingNode() || settings.get("stateQuery").isNull())
        .isTrue();
    // the endpoint's write operation is off by default: no buttons, and a POST is refused
    assertThat(settings.get("writable").asBoolean()).isFalse();
    assertThat(http.post("/actuator/rivulet/upper", "{\"action\":\"pause\"}").statusCode())
        .isIn(404, 405);
    assertThat(rivulet.isPaused("upper")).isFalse();
    assertThat(settings.get("sampleIntervalMillis").asLong()).isEqualTo(200);

    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.bootstrapServers(BrokerKind.EMBEDDED)),
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 200; i++) {
        producer.send(new ProducerRecord<>("console-in", "k" + i, "v" + i));
      }
      producer.send(new ProducerRecord<>("console-in", "k1", "bad-1"));
      producer.send(new ProducerRecord<>("console-in", "k2", "bad-2"));
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode samples = http.json("/rivulet-console/samples");
      double in = 0;
      double out = 0;
      double commits = 0;
      for (JsonNode s : samples.get("samples")) {
        double seconds = 0.2; // rates are per second over 200 ms intervals (approximately)
        in += s.get("recordsIn").asDouble() * seconds;
        out += s.get("recordsOut").asDouble() * seconds;
        commits += s.get("commits").asDouble();
      }
      assertThat(in).isGreaterThan(150);
      assertThat(out).isGreaterThan(150);
      assertThat(commits).isPositive();
      assertThat(samples.get("deadLetters").get("upper").asLong()).isEqualTo(2);
    });
    JsonNode all = http.json("/rivulet-console/samples").get("samples");
    long last = all.get(all.size() - 1).get("time").asLong();
    assertThat(http.json("/rivulet-console/samples?after=" + last).get("samples").size())
        .isLessThanOrEqualTo(1);
  }
}
