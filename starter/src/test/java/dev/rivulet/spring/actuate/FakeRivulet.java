package dev.rivulet.spring.actuate;

import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.state.ValueStateSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link Rivulet} whose answers the test sets; records pause/resume calls. */
public class FakeRivulet implements Rivulet {
  public volatile RuntimeState state = RuntimeState.RUNNING;
  public volatile List<TaskInfo> tasks = List.of();
  public final List<ProcessorDefinition<?, ?, ?>> processors = new ArrayList<>();
  public final Map<Object, Integer> partitions = new HashMap<>();
  public final Map<Object, Object> values = new HashMap<>();
  public final List<String> calls = new ArrayList<>();
  public volatile boolean started = true;

  @Override
  public void start() {
    calls.add("start");
  }

  @Override
  public RuntimeState state() {
    return state;
  }

  @Override
  public String applicationId() {
    return "fake-app";
  }

  @Override
  public List<TaskInfo> tasks() {
    return tasks;
  }

  @Override
  public List<ProcessorDefinition<?, ?, ?>> processors() {
    return processors;
  }

  @Override
  public boolean allTasksRunning() {
    return tasks.stream().allMatch(t -> t.state() != dev.rivulet.api.runtime.TaskState.RESTORING);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, T> Optional<T> query(String processorId, ValueStateSpec<T> spec, K key) {
    calls.add("query " + processorId + " " + spec.name() + " " + key);
    return Optional.ofNullable((T) values.get(key));
  }

  @Override
  public <K> int partitionFor(String processorId, K key) {
    if (!started) {
      throw new IllegalStateException("Runtime not started");
    }
    return partitions.getOrDefault(key, 0);
  }

  @Override
  public int threads() {
    return (int) tasks.stream().map(TaskInfo::thread).distinct().count();
  }

  @Override
  public Optional<Throwable> fatalError() {
    return Optional.empty();
  }

  @Override
  public boolean isPaused(String processorId) {
    return calls.contains("pause " + processorId)
        && calls.lastIndexOf("pause " + processorId) > calls.lastIndexOf("resume " + processorId);
  }

  @Override
  public dev.rivulet.api.ops.DeadLetterRedrive.Builder deadLetterRedrive(String processorId) {
    calls.add("redrive " + processorId);
    return dev.rivulet.api.ops.DeadLetterRedrive.builder("localhost:1", processorId + "-dlq");
  }

  @Override
  public void pause(String processorId) {
    calls.add("pause " + processorId);
  }

  @Override
  public void resume(String processorId) {
    calls.add("resume " + processorId);
  }

  @Override
  public void close(Duration timeout) {
    calls.add("close");
  }
}
