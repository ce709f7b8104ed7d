package io.parley.command.limits;

import io.parley.api.ErrorCode;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Enforces every {@link RateLimit} with fixed-window counters: in Redis, shared by all nodes, or in this process
 * for the embedded default (see {@link LocalWindowCounter}).
 */
@Component
public class RateLimiter {

    private record Setting(int limit, Duration window) {
    }

    private final WindowCounter counter;
    private final Map<RateLimit, Setting> settings = new EnumMap<>(RateLimit.class);

    RateLimiter(WindowCounter counter, Environment environment) {
        this.counter = counter;
        Binder config = Binder.get(environment);
        for (RateLimit limit : RateLimit.values()) {
            settings.put(limit, new Setting(
                    config.bind(limit.limitProperty, Integer.class).orElse(limit.defaultLimit),
                    config.bind(limit.windowProperty, Duration.class).orElse(limit.defaultWindow)));
        }
    }

    /** Counts one hit for {@code key}; throws {@code rate_limited} with the seconds to wait once over the limit. */
    public void hit(RateLimit limit, String key) {
        Setting setting = settings.get(limit);
        WindowCounter.Hits hits = counter.hit("parley:rl:" + limit.name().toLowerCase() + ":" + key, setting.window());
        if (hits.count() > setting.limit()) {
            throw ErrorCode.RATE_LIMITED.exception("Too many requests: slow down.")
                    .with("retryAfterSeconds", Math.max(1, (hits.millisLeft() + 999) / 1000));
        }
    }
}
