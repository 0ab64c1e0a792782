package org.sth.automation.config;

import java.time.Duration;

/** Per-host retry policy from {@code [hosts.retry]}. */
public record RetryPolicy(int attempts, Duration backoff, Duration connectTimeout, Duration commandTimeout) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(300));
}
