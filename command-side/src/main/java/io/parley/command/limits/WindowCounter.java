package io.parley.command.limits;

import java.time.Duration;

/** Fixed-window hit counting, the storage behind {@link RateLimiter}. */
interface WindowCounter {

    /** A window's hits so far, this one included, and the milliseconds until the window ends. */
    record Hits(long count, long millisLeft) {
    }

    Hits hit(String key, Duration window);
}
