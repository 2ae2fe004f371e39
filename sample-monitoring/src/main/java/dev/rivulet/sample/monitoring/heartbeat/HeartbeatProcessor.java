package dev.rivulet.sample.monitoring.heartbeat;

import dev.rivulet.api.ErrorPolicy;
import dev.rivulet.api.KeyedContext;
import dev.rivulet.api.KeyedProcessor;
import dev.rivulet.api.TimestampExtractor;
import dev.rivulet.api.state.StateSpec;
import dev.rivulet.api.state.ValueState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.sample.monitoring.heartbeat.Heartbeat.Status;
import dev.rivulet.sample.monitoring.model.MetricSample;
import dev.rivulet.sample.monitoring.model.ServiceAlert;
import dev.rivulet.sample.monitoring.model.ServiceAlert.Kind;
import dev.rivulet.sample.monitoring.model.ServiceAlert.State;
import dev.rivulet.spring.StreamProcessor;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The {@code service-heartbeat} processor: a service that sends no sample for
 * {@code monitoring.heartbeat.timeout} of wall-clock time raises a {@code SILENCE} alert, and its
 * next sample resolves it. Silence is the absence of records, so event time (which only moves
 * with records) cannot see it: this processor uses <em>processing-time</em> timers, which fire
 * as the wall clock passes, and are kept in state like any other timer.
 *
 * <p>One pending timer per service: a sample arms a check {@code timeout} later unless one is
 * pending. A check finding the service quiet for the timeout marks it overdue and looks again
 * half a timeout later; only a second quiet check raises the alert. The confirmation keeps a
 * consumer that is catching up (after a pause, a rebalance, a burst) from reporting services
 * whose samples are already waiting in another fetch.
 *
 * <p>A plain {@link StreamProcessor @StreamProcessor} bean: the starter derives serdes from the
 * type arguments and finds {@link #HEARTBEAT}; being a {@link TimestampExtractor} gives the records
 * their event time. After the application was down for longer than the timeout, every service is
 * reported silent until its next sample arrives (and then resolved).
 */
@StreamProcessor(id = "service-heartbeat",
    inputs = "${monitoring.topics.metrics:service-metrics}",
    output = "${monitoring.topics.alerts:service-alerts}",
    errorPolicy = ErrorPolicy.SKIP)
public class HeartbeatProcessor implements KeyedProcessor<String, MetricSample, ServiceAlert>,
    TimestampExtractor<MetricSample> {

  /** The last sample of each service and its silence status. */
  public static final ValueStateSpec<Heartbeat> HEARTBEAT =
      StateSpec.value("heartbeat", Heartbeat.class).ttl(Duration.ofDays(7));

  private final long timeout;

  /** A processor with the given timeout. */
  public HeartbeatProcessor(HeartbeatSettings settings) {
    this.timeout = settings.timeout().toMillis();
  }

  @Override
  public long extract(@Nullable MetricSample sample, long recordTimestamp) {
    return sample == null ? recordTimestamp : sample.eventTime().toEpochMilli();
  }

  @Override
  public void process(@Nullable MetricSample sample, KeyedContext<String, ServiceAlert> ctx) {
    if (sample == null) {
      return;
    }
    long now = ctx.currentProcessingTime();
    ValueState<Heartbeat> state = ctx.state(HEARTBEAT);
    Heartbeat last = state.get();
    if (last != null && last.status() == Status.SILENT) {
      ctx.emit(new ServiceAlert(ctx.key(), Kind.SILENCE, State.RESOLVED, "reporting again after "
          + Duration.ofMillis(now - last.lastSeen()).toSeconds() + " s", sample.eventTime()));
    }
    long timerAt = last == null ? 0 : last.timerAt();
    if (timerAt == 0 || timerAt + timeout < now) { // none pending (or lost: arm a new one)
      timerAt = now + timeout;
      ctx.timers().processingTime(timerAt);
    }
    Instant eventTime = last == null || sample.eventTime().isAfter(last.lastEventTime())
        ? sample.eventTime() : last.lastEventTime();
    state.put(new Heartbeat(now, eventTime, Status.OK, timerAt));
  }

  @Override
  public void onTimer(long time, KeyedContext<String, ServiceAlert> ctx) {
    ValueState<Heartbeat> state = ctx.state(HEARTBEAT);
    Heartbeat last = state.get();
    if (last == null || last.status() == Status.SILENT) {
      return;
    }
    long now = ctx.currentProcessingTime();
    long quiet = now - last.lastSeen();
    if (quiet < timeout) {
      arm(state, last, Status.OK, last.lastSeen() + timeout, ctx);
    } else if (last.status() == Status.OK) {
      arm(state, last, Status.OVERDUE, now + timeout / 2, ctx);
    } else {
      ctx.emit(ctx.key(), new ServiceAlert(ctx.key(), Kind.SILENCE, State.FIRING,
          "no sample for " + Duration.ofMillis(quiet).toSeconds() + " s (limit "
              + Duration.ofMillis(timeout).toSeconds() + " s)", last.lastEventTime()),
          last.lastEventTime().toEpochMilli());
      state.put(new Heartbeat(last.lastSeen(), last.lastEventTime(), Status.SILENT, 0));
    }
  }

  private static void arm(ValueState<Heartbeat> state, Heartbeat last, Status status, long at,
      KeyedContext<String, ServiceAlert> ctx) {
    ctx.timers().processingTime(at);
    state.put(new Heartbeat(last.lastSeen(), last.lastEventTime(), status, at));
  }
}
