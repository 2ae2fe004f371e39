package dev.rivulet.spring.console;

import org.jspecify.annotations.Nullable;

/**
 * What the console page needs to know about this application, from {@code GET
 * <console>/settings}.
 *
 * @param endpoint URL path of the {@code rivulet} Actuator endpoint
 * @param stateQuery URL path of the routed state query API ({@code rivulet.query.enabled}),
 *     which the page's key lookup then uses: it answers from any instance, forwarded to the
 *     key's owner; {@code null} when the API is off, and the page looks keys up through the
 *     endpoint, which answers only for keys of partitions this instance owns
 * @param writable whether the endpoint's write operations (pause, resume, redrive) are
 *     allowed by Actuator's access rules ({@code management.endpoint.rivulet.access},
 *     {@code management.endpoints.access.max-permitted})
 * @param sampleIntervalMillis how often the chart data gets a new point
 * @param historyMillis how far back the chart data goes
 */
public record ConsoleSettings(String endpoint, @Nullable String stateQuery, boolean writable,
    long sampleIntervalMillis, long historyMillis) {}
