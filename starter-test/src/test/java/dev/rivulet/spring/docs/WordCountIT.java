package dev.rivulet.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.spring.test.RivuletTestBroker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

// the starter README's test example (a compiled snippet: see ReadmeSnippetsTest)
// tag::test[]
@SpringBootTest(properties = {"spring.application.name=word-count",
    "rivulet.state-dir=target/state-${random.uuid}"})
@RivuletTestBroker(topics = {"words:2", "word-counts:2"})
class WordCountIT {
  @Autowired KafkaTemplate<String, String> template;
  @Autowired Rivulet rivulet;

  @Test
  void countsWords() {
    template.send("words", "apple", "apple");
    template.send("words", "apple", "apple");
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
        rivulet.query("word-count", WordCount.COUNT, "apple")).contains(2L));
  }
}
// end::test[]
