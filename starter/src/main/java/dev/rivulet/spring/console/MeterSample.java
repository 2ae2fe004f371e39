package dev.rivulet.spring.console;

import org.jspecify.annotations.Nullable;

/**
 * One point of the console's charts: what the application's meters did between two samples.
 * Rates are per second over the interval; latencies are the mean of the timers' recorded
 * samples over the interval, {@code null} when nothing was recorded.
 *
 * @param time when the sample was taken, epoch millis
 * @param recordsIn input records processed per second (all processors)
 * @param recordsOut records emitted per second
 * @param processingMillis mean time in the processor per record, ms
 * @param endToEndMillis mean time from input record timestamp to processing, ms
 * @param commits commits per second
 * @param aborts aborted transactions per second
 * @param deadLetters records sent to dead-letter topics per second
 */
public record MeterSample(
    long time,
    double recordsIn,
    double recordsOut,
    @Nullable Double processingMillis,
    @Nullable Double endToEndMillis,
    double commits,
    double aborts,
    double deadLetters) {}
