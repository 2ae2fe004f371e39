package dev.rivulet.sample.fraud.generator;

/**
 * The generator's event time as a function of the wall clock: starts at {@code eventStart} when
 * the wall clock reads {@code wallStart}, runs {@code speed} times faster, and never passes the
 * wall clock. Immutable.
 *
 * @param wallStart wall-clock millis at the start
 * @param eventStart event-time millis at the start (at or before {@code wallStart})
 * @param speed event milliseconds per wall-clock millisecond while behind
 */
record EventClock(long wallStart, long eventStart, double speed) {

  long eventTimeAt(long wallMillis) {
    long compressed = eventStart + (long) ((wallMillis - wallStart) * speed);
    return Math.min(compressed, wallMillis);
  }
}
