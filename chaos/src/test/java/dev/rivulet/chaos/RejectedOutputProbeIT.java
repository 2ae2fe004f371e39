package dev.rivulet.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletMetricNames;
import dev.rivulet.api.serde.RivuletSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Probe, not part of CI ({@code -Dchaos.probes=true}): one input whose output the broker rejects
 * (larger than the output topic's max.message.bytes, but below the producer's max.request.size,
 * so the runtime's own size check lets it through). Expected under DEAD_LETTER: the record is
 * dead-lettered and the records around it are processed. Suspected: the asynchronous send error
 * aborts the transaction, the worker rewinds, reprocesses the same record, and aborts again,
 * forever, and every task of that worker stops making progress.
 */
@EnabledIfSystemProperty(named = "chaos.probes", matches = "true")
class RejectedOutputProbeIT {

  @Test
  void anOutputTheBrokerRejectsIsDeadLetteredAndDoesNotStallTheWorker() throws Exception {
    Path dir = ChaosRun.baseDir().resolve("probe-rejected-" + System.currentTimeMillis());
    try (BrokerCluster broker = BrokerCluster.format(dir.resolve("broker"), dir.resolve("logs"), 1, 0)) {
      Topics topics = new Topics(broker);
      String app = "reject-app";
      topics.create(Map.of("reject-in", 1, "reject-out", 1, app + "-echo-dlq", 1,
              Checker.changelog(app, "echo", "rivulet-timers"), 1),
          Map.of("reject-out", Map.of("max.message.bytes", "4096"),
              Checker.changelog(app, "echo", "rivulet-timers"),
              Map.of("cleanup.policy", "compact")));
      SimpleMeterRegistry metrics = new SimpleMeterRegistry();
      Rivulet rivulet = Rivulet.builder().applicationId(app).bootstrapServers(broker.bootstrap())
          .stateDir(dir.resolve("state")).meterRegistry(metrics)
          .processor(ProcessorDefinition.<String, String, String>builder("echo",
                  (v, ctx) -> ctx.emit(v.equals("big") ? incompressible(20_000) : v))
              .keySerde(RivuletSerdes.string())
              .input("reject-in", RivuletSerdes.string())
              .output("reject-out", RivuletSerdes.string())
              .errorPolicy(ErrorPolicy.DEAD_LETTER)
              .build())
          .build();
      try {
        rivulet.start();
        produce(broker, List.of("before", "big", "after"));
        Thread.sleep(20_000);
      } finally {
        rivulet.close(Duration.ofSeconds(20));
      }
      List<String> out = topics.readAll("reject-out", IsolationLevel.READ_COMMITTED).stream()
          .map(r -> new String(r.value(), StandardCharsets.UTF_8))
          .map(v -> v.length() > 20 ? v.length() + " chars" : v).toList();
      int dead = topics.readAll(app + "-echo-dlq", IsolationLevel.READ_COMMITTED).size();
      double aborts = metrics.get(RivuletMetricNames.ABORTS).counter().count();
      System.out.printf("probe: outputs %s, dead letters %d, aborted transactions %.0f%n", out,
          dead, aborts);
      assertEquals(List.of("before", "after"), out, "aborts: " + aborts);
      assertEquals(1, dead, "aborts: " + aborts);
    }
  }

  /** Random characters: lz4 would shrink a repeated one below the topic limit. */
  private static String incompressible(int chars) {
    java.util.Random random = new java.util.Random(1);
    StringBuilder b = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      b.append((char) ('!' + random.nextInt(90)));
    }
    return b.toString();
  }

  private static void produce(BrokerCluster broker, List<String> values) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (String v : values) {
        producer.send(new ProducerRecord<>("reject-in", "k", v)).get();
      }
    }
  }
}
