package dev.rivulet.api.window;

/**
 * Meter names of windowed aggregations; to be merged into
 * {@link dev.rivulet.api.runtime.RivuletMetricNames} once the runtime can register them.
 */
public final class WindowMetricNames {
  private WindowMetricNames() {}

  /**
   * Counter: records that arrived after every window they belong to had closed, whether dropped or
   * sent to the late output (processor, partition). Until the runtime exposes a meter hook to
   * processors it is available as {@link WindowedAggregation#lateRecordCount()}.
   */
  public static final String LATE_RECORDS = "rivulet.window.late.records";
}
