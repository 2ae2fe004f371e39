package dev.rivulet.sample.monitoring.heartbeat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Heartbeat loss ({@code monitoring.heartbeat.*}).
 *
 * @param timeout a service without samples for this long (wall clock, as processed) is overdue,
 *     and silent if still quiet half a timeout later
 */
@ConfigurationProperties("monitoring.heartbeat")
public record HeartbeatSettings(@DefaultValue("5s") Duration timeout) {}
