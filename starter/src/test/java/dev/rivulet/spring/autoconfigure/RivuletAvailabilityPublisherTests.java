package dev.rivulet.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.spring.actuate.FakeRivulet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.support.StaticApplicationContext;

class RivuletAvailabilityPublisherTests {

  private final FakeRivulet rivulet = new FakeRivulet();
  private final StaticApplicationContext context = new StaticApplicationContext();
  private final ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
  private RivuletAvailabilityPublisher publisher;

  @BeforeEach
  void setUp() {
    context.addApplicationListener(availability);
    context.refresh();
    context.getBeanFactory().registerSingleton("rivulet", rivulet);
    publisher = new RivuletAvailabilityPublisher(
        context.getBeanProvider(Rivulet.class), context, availability);
  }

  private void restoring(boolean restoring) {
    rivulet.tasks = List.of(new TaskInfo("p", 0, "w",
        restoring ? TaskState.RESTORING : TaskState.RUNNING, 0, restoring ? 10 : 0, 0, 0, 0));
    rivulet.state = restoring ? RuntimeState.REBALANCING : RuntimeState.RUNNING;
  }

  @Test
  void refusesTrafficBootAcceptedDuringARestoreAndAcceptsItAfter() {
    restoring(true);
    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC); // app ready
    publisher.evaluate();
    assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    publisher.evaluate();
    assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    restoring(false);
    publisher.evaluate();
    assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
  }

  @Test
  void neverAcceptsTrafficSomeoneElseRefused() {
    restoring(false);
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    publisher.evaluate();
    assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
  }

  @Test
  void leavesReadinessAloneOnceTheContextCloses() {
    restoring(true);
    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    publisher.onApplicationEvent(new org.springframework.context.event.ContextClosedEvent(context));
    publisher.evaluate();
    assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
  }

  @Test
  void fatalErrorBreaksLiveness() {
    AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
    rivulet.state = RuntimeState.ERROR;
    publisher.evaluate();
    assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);
  }

  @Test
  void startsAfterTheRuntimeAndStopsBeforeIt() {
    assertThat(publisher.getPhase()).isGreaterThan(RivuletLifecycle.PHASE);
    publisher.start();
    assertThat(publisher.isRunning()).isTrue();
    publisher.stop();
    assertThat(publisher.isRunning()).isFalse();
  }
}
