package org.sth.automation.config;

import java.time.Duration;

/** Per-host retry policy from {@code [hosts.retry]}. */
public record RetryPolicy(int attempts, Duration backoff, Duration connectTimeout, Duration commandTimeout) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(300));

    /** Bounds a config may set ({@code [hosts.retry]}); beyond them a value is refused at load time. */
    public static final int MAX_ATTEMPTS = 100;
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);
    public static final Duration MIN_CONNECT_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration MIN_COMMAND_TIMEOUT = Duration.ofSeconds(1);
}
