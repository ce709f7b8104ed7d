package io.parley.command.limits;

import io.parley.api.ErrorCode;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Fixed-window counters in Redis: one atomic script increments the window's counter, starts its expiry on the
 * first hit and answers the count and the time left. Works the same on the embedded server and on real Redis,
 * and across nodes.
 */
@Component
public class RateLimiter {

    private static final RedisScript<List> HIT = RedisScript.of("""
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {count, ttl}
            """, List.class);

    private record Setting(int limit, Duration window) {
    }

    private final StringRedisTemplate redis;
    private final Map<RateLimit, Setting> settings = new EnumMap<>(RateLimit.class);

    RateLimiter(StringRedisTemplate redis, Environment environment) {
        this.redis = redis;
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
        List<?> result = redis.execute(HIT, List.of("parley:rl:" + limit.name().toLowerCase() + ":" + key),
                String.valueOf(setting.window().toMillis()));
        long count = ((Number) result.get(0)).longValue();
        long ttlMillis = ((Number) result.get(1)).longValue();
        if (count > setting.limit()) {
            throw ErrorCode.RATE_LIMITED.exception("Too many requests: slow down.")
                    .with("retryAfterSeconds", Math.max(1, (ttlMillis + 999) / 1000));
        }
    }
}
