package dev.rivulet.sample.fraud.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.sample.fraud.rules.CardFraudProcessor;
import dev.rivulet.sample.fraud.rules.CardProfile;
import dev.rivulet.spring.query.QueryForwarder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The card profile lookup works from any instance: the owner answers from its state, another
 * instance forwards the request (with the caller's credentials) to the owner's URL.
 */
class CardProfileControllerTest {
  private final Rivulet rivulet = mock(Rivulet.class);
  private final AtomicReference<String> ownerSaw = new AtomicReference<>();
  private HttpServer owner;
  private MockMvc mvc;

  @BeforeEach
  void setUp() throws IOException {
    owner = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    owner.createContext("/", exchange -> {
      ownerSaw.set(exchange.getRequestURI().getRawPath() + " "
          + exchange.getRequestHeaders().getFirst("Authorization") + " "
          + exchange.getRequestHeaders().getFirst(QueryForwarder.FORWARDED_HEADER));
      byte[] body = "{\"cardId\":\"c 2\",\"partition\":3}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    owner.start();
    when(rivulet.advertisedUrl()).thenReturn(Optional.of("http://self:8080"));
    mvc = MockMvcBuilders.standaloneSetup(new CardProfileController(rivulet,
        new QueryForwarder(rivulet, Duration.ofSeconds(2)))).build();
  }

  @AfterEach
  void stop() {
    owner.stop(0);
  }

  @Test
  void answersAKeyOwnedHereFromLocalState() throws Exception {
    when(rivulet.locate(CardFraudProcessor.ID, "c1"))
        .thenReturn(new KeyLocation(CardFraudProcessor.ID, 1, "http://self:8080", true));
    when(rivulet.query(CardFraudProcessor.ID, CardFraudProcessor.PROFILE, "c1"))
        .thenReturn(Optional.of(CardProfile.NEW));
    mvc.perform(get("/cards/c1/profile")).andExpect(status().isOk())
        .andExpect(jsonPath("$.partition").value(1))
        .andExpect(jsonPath("$.servedBy").value("http://self:8080"))
        .andExpect(jsonPath("$.profile").exists());
  }

  @Test
  void forwardsAKeyOwnedElsewhereToItsOwner() throws Exception {
    String ownerUrl = "http://localhost:" + owner.getAddress().getPort();
    when(rivulet.locate(CardFraudProcessor.ID, "c 2"))
        .thenReturn(new KeyLocation(CardFraudProcessor.ID, 3, ownerUrl, false));
    mvc.perform(get("/cards/{id}/profile", "c 2").header("Authorization", "Basic dXNlcg=="))
        .andExpect(status().isOk())
        .andExpect(header().string(QueryForwarder.SERVED_BY_HEADER, ownerUrl))
        .andExpect(content().json("{\"cardId\":\"c 2\",\"partition\":3}"));
    assertThat(ownerSaw.get()).isEqualTo("/cards/c%202/profile Basic dXNlcg== 1");
  }

  @Test
  void saysWhenTheKeyIsUnknownOrItsPartitionRestores() throws Exception {
    when(rivulet.locate(CardFraudProcessor.ID, "c3"))
        .thenReturn(new KeyLocation(CardFraudProcessor.ID, 0, "http://self:8080", true));
    when(rivulet.query(CardFraudProcessor.ID, CardFraudProcessor.PROFILE, "c3"))
        .thenReturn(Optional.empty());
    when(rivulet.tasks()).thenReturn(List.of(new TaskInfo(CardFraudProcessor.ID, 0, "w",
        TaskState.RUNNING, 0, 0, 0, 0, 0)));
    mvc.perform(get("/cards/c3/profile")).andExpect(status().isNotFound())
        .andExpect(jsonPath("$.detail").value("No profile for card c3 (partition 0, owned here)"));
    when(rivulet.tasks()).thenReturn(List.of(new TaskInfo(CardFraudProcessor.ID, 0, "w",
        TaskState.RESTORING, 0, 10, 0, 0, 0)));
    mvc.perform(get("/cards/c3/profile")).andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"));
  }

  @Test
  void aKeyWithoutAKnownOwnerIsRetryable() throws Exception {
    when(rivulet.locate(CardFraudProcessor.ID, "c4"))
        .thenReturn(new KeyLocation(CardFraudProcessor.ID, 2, null, false));
    mvc.perform(get("/cards/c4/profile")).andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.reason").value("owner-unknown"))
        .andExpect(header().string("Retry-After", "1"));
  }
}
