package dev.rivulet.spring.console;

/**
 * What the console page needs to know about this application, from {@code GET
 * <console>/settings}.
 *
 * @param endpoint URL path of the {@code rivulet} Actuator endpoint
 * @param writable whether the endpoint's write operations (pause, resume, redrive) are
 *     allowed by Actuator's access rules ({@code management.endpoint.rivulet.access},
 *     {@code management.endpoints.access.max-permitted})
 * @param sampleIntervalMillis how often the chart data gets a new point
 * @param historyMillis how far back the chart data goes
 */
public record ConsoleSettings(String endpoint, boolean writable, long sampleIntervalMillis,
    long historyMillis) {}
