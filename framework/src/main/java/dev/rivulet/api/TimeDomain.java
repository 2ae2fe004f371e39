package dev.rivulet.api;

/** The clock a timer was registered on; passed to {@link KeyedProcessor#onTimer}. */
public enum TimeDomain {
  /** Fires when the task's watermark reaches the timer's time. */
  EVENT_TIME,
  /** Fires when the wall clock reaches the timer's time. */
  PROCESSING_TIME
}
