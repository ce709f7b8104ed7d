package io.parley.command.limits;

import java.time.Duration;

/**
 * Every rate limit of Parley, in one place (as Signal-Server's RateLimiters): a name, its default permits per
 * window, and the properties that override them. One mechanism ({@link RateLimiter}) enforces them all.
 */
public enum RateLimit {
    /** Requests per client IP to /api/auth/**. */
    AUTH_PER_IP("parley.auth.ip-limit", 30, "parley.auth.ip-window", Duration.ofMinutes(1)),
    /** Messages one user may send. */
    CHAT_SEND("parley.chat.send-limit", 30, "parley.chat.send-window", Duration.ofSeconds(10));

    final String limitProperty;
    final int defaultLimit;
    final String windowProperty;
    final Duration defaultWindow;

    RateLimit(String limitProperty, int defaultLimit, String windowProperty, Duration defaultWindow) {
        this.limitProperty = limitProperty;
        this.defaultLimit = defaultLimit;
        this.windowProperty = windowProperty;
        this.defaultWindow = defaultWindow;
    }
}
