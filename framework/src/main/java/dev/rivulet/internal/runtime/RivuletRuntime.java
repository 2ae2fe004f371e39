package dev.rivulet.internal.runtime;

import dev.rivulet.api.ProcessingGuarantee;
import dev.rivulet.api.ProcessorDefinition;
import dev.rivulet.api.RivuletConfigException;
import dev.rivulet.api.ops.DeadLetterRedrive;
import dev.rivulet.api.runtime.CommittedState;
import dev.rivulet.api.runtime.InstanceInfo;
import dev.rivulet.api.runtime.KeyLocation;
import dev.rivulet.api.runtime.Rivulet;
import dev.rivulet.api.runtime.RivuletConfig;
import dev.rivulet.api.runtime.RivuletListener;
import dev.rivulet.api.runtime.RuntimeState;
import dev.rivulet.api.runtime.TaskInfo;
import dev.rivulet.api.runtime.TaskState;
import dev.rivulet.api.state.ValueStateSpec;
import dev.rivulet.internal.state.StateEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone runtime behind {@link Rivulet}: validates topics, opens the instance's state and
 * runs the worker threads. Thread-safe.
 */
public final class RivuletRuntime implements Rivulet, WorkerContext {
  private static final Logger log = LoggerFactory.getLogger(RivuletRuntime.class);

  private final RivuletConfig config;
  private final Set<String> paused = ConcurrentHashMap.newKeySet();
  private final WorkerThreads workers = new WorkerThreads();
  private final Map<String, Integer> partitions = new ConcurrentHashMap<>();
  private final Map<String, Integer> topicLimits = new ConcurrentHashMap<>();
  private RuntimeState state = RuntimeState.CREATED;
  private volatile @Nullable StateEnvironment env;
  private @Nullable Throwable fatalError;
  private final ClientMetrics clientMetrics;
  /** Completed by {@link #start}: true once the topics are good, false if the check failed. */
  private final CompletableFuture<Boolean> topicsChecked = new CompletableFuture<>();

  private final CommitterDecorator committers;
  private final LocalQueries queries;
  private final InstanceDirectory directory;
  private final ActiveClaims claims = new ActiveClaims();
  private final LocalCopies copies;
  private final List<ReplicaAssignment> replicaAssignments = new ArrayList<>();
  private final SharedAdmin admin;
  private final OpenTransactions openTransactions;
  private final @Nullable AbandonedTransactions abandoned;

  public RivuletRuntime(RivuletConfig config) {
    this(config, CommitterDecorator.NONE);
  }

  /** A runtime whose workers' committers pass through {@code committers} (fault injection). */
  public RivuletRuntime(RivuletConfig config, CommitterDecorator committers) {
    this.config = config;
    this.committers = committers;
    this.clientMetrics = new ClientMetrics(config.meterRegistry());
    this.directory = new InstanceDirectory(config.advertisedUrl());
    this.copies = new LocalCopies(config, partitions, () -> env);
    this.queries = new LocalQueries(config, partitions, () -> env, this::tasks);
    ClientConfigs clients = new ClientConfigs(config);
    this.admin = new SharedAdmin(() -> Admin.create(clients.admin()));
    this.openTransactions = new OpenTransactions(admin);
    this.abandoned = config.guarantee() == ProcessingGuarantee.EXACTLY_ONCE
        && config.fenceAbandonedTransactions()
        ? new AbandonedTransactions(config.applicationId(), clients.sessionTimeout().dividedBy(2),
            admin)
        : null;
  }

  @Override
  public RivuletConfig config() {
    return config;
  }

  @Override
  public synchronized void start() {
    long startNanos = System.nanoTime();
    transition(RuntimeState.STARTING);
    // the state opens and the topics are checked on their own threads while this one builds the
    // clients; the workers join the group meanwhile but create tasks only once the topics are
    // good (a failed check stops them before any task exists)
    StateOpener opener = new StateOpener(config);
    TopicCheck topics = new TopicCheck(config);
    List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();
    ClientConfigs clients = new ClientConfigs(config);
    try {
      for (int i = 0; i < config.threads(); i++) {
        ReplicaAssignment replicas = new ReplicaAssignment(copies::report);
        replicaAssignments.add(replicas);
        consumers.add(new KafkaConsumer<>(clients.mainConsumer(i, directory, replicas, abandoned)));
        consumers.add(new KafkaConsumer<>(clients.restoreConsumer(i)));
        consumers.add(new KafkaConsumer<>(clients.standbyConsumer(i)));
      }
      StateEnvironment opened = opener.await();
      env = opened;
      RuntimeGauges.register(config, opened, this);
      startWorkers(clients, consumers); // the threads start last: nothing above leaks them
    } catch (RuntimeException e) {
      transition(RuntimeState.ERROR);
      consumers.forEach(c -> closeQuietly(c::close));
      clientMetrics.close();
      env = null; // closed here: close() must not close it again
      opener.closeQuietly();
      throw startFailure(e);
    }
    try {
      TopicCheck.Result checked = topics.await();
      partitions.putAll(checked.partitions());
      topicLimits.putAll(checked.outputLimits());
    } catch (RuntimeException e) {
      transition(RuntimeState.ERROR);
      topicsChecked.complete(false);
      stopWorkers(config.startupTimeout());
      throw startFailure(e);
    }
    transition(RuntimeState.REBALANCING);
    topicsChecked.complete(true);
    log.info("Rivulet '{}' started in {} ms: {} worker(s), {} processor(s), {}, state in {}",
        config.applicationId(), (System.nanoTime() - startNanos) / 1_000_000, config.threads(),
        config.processors().size(), config.guarantee(), config.stateDir());
  }

  private void startWorkers(ClientConfigs clients, List<KafkaConsumer<byte[], byte[]>> consumers) {
    int requestLimit = clients.maxRequestBytes();
    // an output the broker would reject fails its record (error policy), not the transaction;
    // the limits are known before any task exists (tasks wait for the topic checks)
    TaskFactory factory = new TaskFactory(config, env,
        topic -> Math.min(requestLimit, topicLimits.getOrDefault(topic, Integer.MAX_VALUE)),
        System::currentTimeMillis);
    WorkerFactory workerFactory = new WorkerFactory(config, env, clients, clientMetrics, this,
        committers, partitions);
    for (int i = 0; i < config.threads(); i++) {
      workers.add(workerFactory.create(i, factory, consumers.get(3 * i),
          consumers.get(3 * i + 1), consumers.get(3 * i + 2), replicaAssignments.get(i), claims));
    }
    workers.startAll();
  }

  private RuntimeException startFailure(RuntimeException e) {
    if (e instanceof KafkaException) {
      return new RivuletConfigException("Cannot create Kafka clients for '"
          + config.applicationId() + "': " + e.getMessage()
          + (e.getCause() == null ? "" : " (" + e.getCause() + ")")
          + ": check bootstrap servers and client properties", e);
    }
    return e;
  }

  @Override
  public boolean awaitTopicsChecked() {
    return topicsChecked.join();
  }

  private static void closeQuietly(Runnable close) {
    try {
      close.run();
    } catch (RuntimeException e) {
      log.debug("Ignoring error while closing: {}", e.toString());
    }
  }

  private synchronized void transition(RuntimeState next) {
    RuntimeState from = state;
    if (from == next) {
      return;
    }
    if (!from.canMoveTo(next)) {
      throw new IllegalStateException("Illegal runtime transition " + from + " -> " + next);
    }
    state = next;
    for (RivuletListener l : config.listeners()) {
      try {
        l.onStateChange(from, next);
      } catch (RuntimeException e) {
        log.warn("Listener failed on state change", e);
      }
    }
  }

  @Override
  public synchronized RuntimeState state() {
    return state;
  }

  @Override
  public String applicationId() {
    return config.applicationId();
  }

  @Override
  public List<TaskInfo> tasks() {
    return workers.snapshot();
  }

  @Override
  public List<ProcessorDefinition<?, ?, ?>> processors() {
    return config.processors();
  }

  @Override
  public boolean allTasksRunning() {
    return tasks().stream().noneMatch(t ->
        t.state() == TaskState.CREATED || t.state() == TaskState.RESTORING);
  }

  @Override
  public <K, T> Optional<T> query(String processorId, ValueStateSpec<T> spec, K key) {
    return queries.value(processorId, spec, key);
  }

  @Override
  public <K> int partitionFor(String processorId, K key) {
    return queries.partitionFor(processorId, key);
  }

  @Override
  public Optional<String> advertisedUrl() {
    return Optional.ofNullable(config.advertisedUrl());
  }

  @Override
  public <K> KeyLocation locate(String processorId, K key) {
    return queries.locate(processorId, key, directory);
  }

  @Override
  public List<InstanceInfo> instances() {
    return directory.instances();
  }

  @Override
  public <K> Optional<CommittedState<K>> committedState(String processorId, int partition) {
    return queries.committedState(processorId, partition);
  }

  @Override
  public <K> Optional<CommittedState<K>> replicaState(String processorId, int partition) {
    return queries.replicaState(processorId, partition);
  }

  @Override
  public boolean awaitPosition(String processorId, int partition, Map<String, Long> position,
      Duration timeout) throws InterruptedException {
    return queries.awaitPosition(processorId, partition, position, timeout);
  }

  private ProcessorDefinition<?, ?, ?> definition(String processorId) {
    return queries.definition(processorId);
  }

  @Override
  public DeadLetterRedrive.Builder deadLetterRedrive(String processorId) {
    ProcessorDefinition<?, ?, ?> d = definition(processorId);
    return DeadLetterRedrive.builder(config.bootstrapServers(),
            InternalTopics.deadLetter(config.applicationId(), d))
        .kafkaProperties(config.kafkaProperties()).processor(processorId);
  }

  @Override
  public void pause(String processorId) {
    definition(processorId);
    paused.add(processorId);
  }

  @Override
  public void resume(String processorId) {
    paused.remove(processorId);
  }

  @Override
  public boolean isPaused(String processorId) {
    return paused.contains(processorId);
  }

  @Override
  public void tasksChanged() {
    synchronized (this) {
      if (state == RuntimeState.RUNNING && !allTasksRunning()) {
        transition(RuntimeState.REBALANCING);
      } else if (state == RuntimeState.REBALANCING && allTasksRunning()) {
        transition(RuntimeState.RUNNING);
      }
    }
  }

  @Override
  public void fatal(String worker, Throwable error) {
    synchronized (this) {
      fatalError = error;
      if (state != RuntimeState.PENDING_SHUTDOWN && state != RuntimeState.STOPPED) {
        transition(RuntimeState.ERROR);
      }
    }
    config.listeners().forEach(l -> l.onFatalError(error));
  }

  @Override
  public int threads() {
    return config.threads();
  }

  @Override
  public synchronized Optional<Throwable> fatalError() {
    return Optional.ofNullable(fatalError);
  }

  @Override
  public Predicate<Collection<TopicPartition>> openTransactions() {
    return openTransactions;
  }

  @Override
  public void workerStopped(String worker) {
    log.info("Worker {} stopped", worker);
  }

  @Override
  public void close(Duration timeout) {
    synchronized (this) {
      if (state == RuntimeState.STOPPED || state == RuntimeState.PENDING_SHUTDOWN) {
        return;
      }
      transition(RuntimeState.PENDING_SHUTDOWN);
    }
    long start = System.nanoTime();
    stopWorkers(timeout);
    synchronized (this) {
      transition(RuntimeState.STOPPED);
    }
    log.info("Rivulet '{}' closed in {} ms", config.applicationId(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Stops the workers and waits up to {@code timeout}; closes the state once they all stopped. */
  private void stopWorkers(Duration timeout) {
    if (workers.stopAll(timeout)) {
      clientMetrics.close();
      if (abandoned != null) {
        abandoned.close();
      }
      admin.close();
      closeEnv();
    }
  }

  private void closeEnv() {
    if (env != null) {
      env.close();
      env = null;
    }
  }
}
