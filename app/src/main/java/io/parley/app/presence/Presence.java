package io.parley.app.presence;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Who is online, in Redis so every node sees it: per user a sorted set of socket sessions scored by the time
 * they lapse. Nodes refresh their open sessions' scores on a timer, so sessions of a crashed node lapse by
 * themselves instead of keeping their users online forever. Not event-sourced: presence is ephemeral.
 */
@Component
class Presence {

    record Status(String userId, boolean online, Instant lastSeen) {
    }

    private static final String SESSIONS = "parley:presence:";
    private static final String LAST_SEEN = "parley:lastseen:";

    /** Adds a session; answers how many live sessions the user has now. */
    private static final RedisScript<Long> CONNECT = RedisScript.of("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
            return redis.call('ZCARD', KEYS[1])
            """, Long.class);

    /** Removes a session; answers how many live sessions are left, and stamps last-seen when none are. */
    private static final RedisScript<Long> DISCONNECT = RedisScript.of("""
            redis.call('ZREM', KEYS[1], ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local left = redis.call('ZCARD', KEYS[1])
            if left == 0 then redis.call('SET', KEYS[2], ARGV[1]) end
            return left
            """, Long.class);

    /** Extends a session that is still registered (a closed one is not brought back). */
    private static final RedisScript<Long> REFRESH = RedisScript.of("""
            if redis.call('ZSCORE', KEYS[1], ARGV[2]) then
              redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              return 1
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Clock clock;
    private final Duration sessionTtl;

    Presence(StringRedisTemplate redis, Clock clock, @Value("${parley.presence.session-ttl:45s}") Duration sessionTtl) {
        this.redis = redis;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
    }

    /** @return true when this session made the user come online */
    boolean connect(String userId, String sessionId) {
        long now = clock.millis();
        Long sessions = redis.execute(CONNECT, List.of(SESSIONS + userId),
                String.valueOf(now), String.valueOf(now + sessionTtl.toMillis()), sessionId);
        return sessions != null && sessions == 1;
    }

    /** @return true when this was the user's last session */
    boolean disconnect(String userId, String sessionId) {
        Long left = redis.execute(DISCONNECT, List.of(SESSIONS + userId, LAST_SEEN + userId),
                String.valueOf(clock.millis()), sessionId);
        return left != null && left == 0;
    }

    void refresh(String userId, String sessionId) {
        long now = clock.millis();
        redis.execute(REFRESH, List.of(SESSIONS + userId), String.valueOf(now + sessionTtl.toMillis()), sessionId,
                String.valueOf(sessionTtl.multipliedBy(2).toMillis()));
    }

    Status status(String userId) {
        long now = clock.millis();
        Long live = redis.opsForZSet().count(SESSIONS + userId, now, Double.POSITIVE_INFINITY);
        if (live != null && live > 0) {
            return new Status(userId, true, Instant.ofEpochMilli(now));
        }
        String lastSeen = redis.opsForValue().get(LAST_SEEN + userId);
        return new Status(userId, false, lastSeen == null ? null : Instant.ofEpochMilli(Long.parseLong(lastSeen)));
    }
}
