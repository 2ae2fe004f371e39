package dev.rivulet.sample.monitoring.model;

import java.time.Instant;

/**
 * A service's statistics for one event-time window, as published on the {@code service-stats}
 * topic (key: the service name), once the window has closed.
 *
 * @param service the service
 * @param start window start (inclusive)
 * @param end window end (exclusive)
 * @param count requests in the window
 * @param errors failed requests (5xx)
 * @param errorRate errors / count
 * @param p50 median latency, ms
 * @param p95 95th percentile latency, ms
 * @param p99 99th percentile latency, ms
 * @param max maximum latency, ms
 * @param baselineP95 the service's usual p95 (moving average) before this window, ms, or 0 while
 *     the baseline is warming up
 * @param baselineErrorRate the service's usual error rate before this window
 */
public record ServiceStats(String service, Instant start, Instant end, long count, long errors,
    double errorRate, long p50, long p95, long p99, long max, double baselineP95,
    double baselineErrorRate) {}
