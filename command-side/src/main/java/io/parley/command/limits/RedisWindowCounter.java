package io.parley.command.limits;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * Counters in Redis, shared by every node: one atomic script increments the window's counter, starts its expiry
 * on the first hit and answers the count and the time left.
 */
@Component
@ConditionalOnProperty(name = "parley.embedded.redis", havingValue = "false", matchIfMissing = true)
class RedisWindowCounter implements WindowCounter {

    private static final RedisScript<List> HIT = RedisScript.of("""
            local count = redis.call('INCR', KEYS[1])
            if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('PTTL', KEYS[1])
            if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {count, ttl}
            """, List.class);

    private final StringRedisTemplate redis;

    RedisWindowCounter(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public Hits hit(String key, Duration window) {
        List<?> result = redis.execute(HIT, List.of(key), String.valueOf(window.toMillis()));
        return new Hits(((Number) result.get(0)).longValue(), ((Number) result.get(1)).longValue());
    }
}
