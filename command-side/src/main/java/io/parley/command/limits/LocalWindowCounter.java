package io.parley.command.limits;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters in this process, for the embedded default: its in-process Redis stand-in serves one node only anyway,
 * and running a script there on every chat message would cost more than the message itself.
 */
@Component
@ConditionalOnProperty(name = "parley.embedded.redis", havingValue = "true")
class LocalWindowCounter implements WindowCounter {

    private record Window(long endsAt, long count) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;

    LocalWindowCounter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Hits hit(String key, Duration window) {
        long now = clock.millis();
        Window current = windows.compute(key, (k, w) -> w == null || w.endsAt() <= now
                ? new Window(now + window.toMillis(), 1)
                : new Window(w.endsAt(), w.count() + 1));
        return new Hits(current.count(), current.endsAt() - now);
    }

    /** Ended windows are dropped, so memory follows the keys active in the last window, not all keys ever seen. */
    @Scheduled(fixedDelay = 60_000)
    void forgetEndedWindows() {
        long now = clock.millis();
        windows.values().removeIf(w -> w.endsAt() <= now);
    }
}
