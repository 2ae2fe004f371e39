package dev.rivulet.sample.monitoring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.sample.monitoring.heartbeat.HeartbeatProcessor;
import dev.rivulet.sample.monitoring.stats.ServiceBaseline;
import dev.rivulet.sample.monitoring.stats.ServiceStatsProcessor;
import dev.rivulet.spring.query.QueryForwarder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The service lookup works from any instance: local read where owned, else forwarded once. */
class ServiceControllerTest {
  private final Rivulet rivulet = mock(Rivulet.class);
  private final AtomicReference<String> ownerSaw = new AtomicReference<>();
  private HttpServer owner;
  private MockMvc mvc;

  @BeforeEach
  void setUp() throws IOException {
    owner = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    owner.createContext("/", exchange -> {
      ownerSaw.set(exchange.getRequestURI().getRawPath() + " "
          + exchange.getRequestHeaders().getFirst(QueryForwarder.FORWARDED_HEADER));
      byte[] body = "{\"service\":\"checkout\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    owner.start();
    when(rivulet.advertisedUrl()).thenReturn(Optional.of("http://self:8080"));
    mvc = MockMvcBuilders.standaloneSetup(new ServiceController(rivulet,
        new QueryForwarder(rivulet, Duration.ofSeconds(2)))).build();
  }

  @AfterEach
  void stop() {
    owner.stop(0);
  }

  @Test
  void answersAServiceOwnedHereFromLocalState() throws Exception {
    when(rivulet.locate(ServiceStatsProcessor.ID, "search"))
        .thenReturn(new KeyLocation(ServiceStatsProcessor.ID, 0, "http://self:8080", true));
    when(rivulet.query(ServiceStatsProcessor.ID, ServiceStatsProcessor.BASELINE, "search"))
        .thenReturn(Optional.of(ServiceBaseline.EMPTY));
    when(rivulet.query("service-heartbeat", HeartbeatProcessor.HEARTBEAT, "search"))
        .thenReturn(Optional.empty());
    mvc.perform(get("/services/search")).andExpect(status().isOk())
        .andExpect(jsonPath("$.servedBy").value("http://self:8080"))
        .andExpect(jsonPath("$.baseline").exists());
  }

  @Test
  void forwardsAServiceOwnedElsewhere() throws Exception {
    when(rivulet.locate(ServiceStatsProcessor.ID, "checkout")).thenReturn(new KeyLocation(
        ServiceStatsProcessor.ID, 1, "http://localhost:" + owner.getAddress().getPort(), false));
    mvc.perform(get("/services/checkout")).andExpect(status().isOk())
        .andExpect(content().json("{\"service\":\"checkout\"}"));
    assertThat(ownerSaw.get()).isEqualTo("/services/checkout 1");
  }
}
