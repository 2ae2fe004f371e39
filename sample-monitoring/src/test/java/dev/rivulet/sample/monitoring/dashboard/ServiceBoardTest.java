package dev.rivulet.sample.monitoring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.serde.RivuletSerdes;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceAlert.Kind;
import dev.rivulet.sample.monitoring.model.ServiceAlert.State;
import dev.rivulet.sample.monitoring.model.ServiceStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class ServiceBoardTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  private final ServiceBoard board = new ServiceBoard();
  private final Serializer<ServiceStats> stats =
      RivuletSerdes.json(ServiceStats.class).serializer();
  private final Serializer<ServiceAlert> alerts =
      RivuletSerdes.json(ServiceAlert.class).serializer();

  private static <T> ConsumerRecord<String, String> record(Serializer<T> json, T value) {
    return new ConsumerRecord<>("t", 0, 0, "k",
        new String(json.serialize("t", value), StandardCharsets.UTF_8));
  }

  private void window(String service, int minute) {
    Instant start = T0.plus(Duration.ofMinutes(minute));
    board.onStats(record(stats, new ServiceStats(service, start, start.plusSeconds(60), 60, 1,
        1 / 60.0, 40, 90, 120, 130, 85, 0.01)));
  }

  private void alert(String service, Kind kind, State state, int minute) {
    board.onAlert(record(alerts, new ServiceAlert(service, kind, state, "why",
        T0.plus(Duration.ofMinutes(minute)))));
  }

  @Test
  void keepsTheLatestWindowsPerServiceInEventTimeOrder() {
    for (int minute = ServiceBoard.WINDOWS + 9; minute >= 0; minute--) { // out of order
      window("checkout", minute);
    }
    window("checkout", 5); // a repeat replaces, never duplicates
    window("auth", 0);

    assertThat(board.windows()).containsOnlyKeys("auth", "checkout");
    assertThat(board.windows().get("checkout")).hasSize(ServiceBoard.WINDOWS)
        .extracting(ServiceStats::start).isSorted()
        .startsWith(T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void anAlertFiresUntilItsResolution() {
    alert("search", Kind.SILENCE, State.FIRING, 3);
    alert("checkout", Kind.LATENCY_SPIKE, State.FIRING, 4);
    assertThat(board.firing()).extracting(ServiceAlert::service)
        .containsExactly("search", "checkout");

    alert("search", Kind.SILENCE, State.RESOLVED, 9);
    assertThat(board.firing()).extracting(ServiceAlert::kind).containsExactly(Kind.LATENCY_SPIKE);
    assertThat(board.latest()).extracting(r -> r.alert().state())
        .containsExactly(State.RESOLVED, State.FIRING, State.FIRING);
    assertThat(board.firedSince("checkout", T0.plus(Duration.ofMinutes(4)))).hasSize(1);
    assertThat(board.firedSince("checkout", T0.plus(Duration.ofMinutes(5)))).isEmpty();
  }

  @Test
  void keepsTheLatestAlertsOnly() {
    for (int i = 0; i < ServiceBoard.ALERTS + 5; i++) {
      alert("s" + i, Kind.ERROR_BURST, State.FIRING, i);
    }
    assertThat(board.latest()).hasSize(ServiceBoard.ALERTS)
        .first().satisfies(r -> assertThat(r.alert().service()).isEqualTo("s54"));
  }
}
