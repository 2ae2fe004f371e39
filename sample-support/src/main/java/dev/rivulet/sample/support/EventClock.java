package dev.rivulet.sample.support;

/**
 * A generator's event time as a function of the wall clock: starts at {@code eventStart} when
 * the wall clock reads {@code wallStart}, runs {@code speed} times faster, and never passes the
 * wall clock. Immutable.
 *
 * @param wallStart wall-clock millis at the start
 * @param eventStart event-time millis at the start (at or before {@code wallStart})
 * @param speed event milliseconds per wall-clock millisecond while behind
 */
public record EventClock(long wallStart, long eventStart, double speed) {

  /**
   * A clock that starts now, {@code pace.backfill()} behind the wall clock, at
   * {@code pace.speed()}.
   *
   * @param pace the backfill and the speed-up
   * @param wallNow the wall clock now, millis
   * @return the clock
   */
  public static EventClock startingAt(long wallNow, GeneratorPace pace) {
    return new EventClock(wallNow, wallNow - pace.backfill().toMillis(), pace.speed());
  }

  /**
   * The event time when the wall clock reads {@code wallMillis}.
   *
   * @param wallMillis wall-clock millis, at or after {@code wallStart}
   * @return event-time millis, never after {@code wallMillis}
   */
  public long eventTimeAt(long wallMillis) {
    long compressed = eventStart + (long) ((wallMillis - wallStart) * speed);
    return Math.min(compressed, wallMillis);
  }
}
