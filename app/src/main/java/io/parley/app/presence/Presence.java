package io.parley.app.presence;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who is online, in Redis so every node sees it: per user a sorted set of socket sessions scored by the time
 * they lapse. Nodes refresh their open sessions' scores on a timer, so sessions of a crashed node lapse by
 * themselves instead of keeping their users online forever; a set of the online users, scored by their latest
 * lapse, lets any node find those whose last session lapsed ({@link #sweepLapsed}). Not event-sourced: presence is
 * ephemeral.
 */
@Component
class Presence {

    record Status(String userId, boolean online, Instant lastSeen) {
    }

    private static final String SESSIONS = "parley:presence:";
    private static final String LAST_SEEN = "parley:lastseen:";
    private static final String ONLINE = "parley:presence:online";
    /** Users taken off the online set per sweep at most; the rest wait for the next one. */
    private static final int SWEEP_BATCH = 500;
    /** Sessions refreshed per script at most. */
    private static final int REFRESH_BATCH = 500;

    /** Adds a session; answers how many live sessions the user has now. */
    private static final RedisScript<Long> CONNECT = RedisScript.of("""
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[4])
            return redis.call('ZCARD', KEYS[1])
            """, Long.class);

    /** Removes a session; answers how many live sessions are left, and stamps last-seen when none are. */
    private static final RedisScript<Long> DISCONNECT = RedisScript.of("""
            redis.call('ZREM', KEYS[1], ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local left = redis.call('ZCARD', KEYS[1])
            if left == 0 then
              redis.call('SET', KEYS[2], ARGV[1])
              redis.call('ZREM', KEYS[3], ARGV[3])
            end
            return left
            """, Long.class);

    /**
     * Extends the given sessions that are still registered (a closed one is not brought back): ARGV holds the new
     * expiry, the sessions' keys' time-to-live, their prefix, then user id, session id pairs.
     */
    private static final RedisScript<Long> REFRESH = RedisScript.of("""
            local refreshed = 0
            for i = 4, #ARGV, 2 do
              local sessions = ARGV[3] .. ARGV[i]
              if redis.call('ZSCORE', sessions, ARGV[i + 1]) then
                redis.call('ZADD', sessions, ARGV[1], ARGV[i + 1])
                redis.call('PEXPIRE', sessions, ARGV[2])
                redis.call('ZADD', KEYS[1], ARGV[1], ARGV[i])
                refreshed = refreshed + 1
              end
            end
            return refreshed
            """, Long.class);

    /**
     * Takes the users whose latest session lapsed (their node stopped refreshing it: it crashed) off the online set;
     * answers them as user id, lapse time pairs. One script, so of all the nodes sweeping, exactly one takes each
     * user. A user found with a live session after all (opened meanwhile on another node) keeps their place, scored
     * by it. The scores come back as Redis wrote them: Lua's number formatting loses digits of millisecond times on
     * the embedded default's server.
     */
    private static final RedisScript<List> SWEEP = RedisScript.of("""
            local lapsed = {}
            for _, user in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))) do
              local sessions = ARGV[2] .. user
              redis.call('ZREMRANGEBYSCORE', sessions, '-inf', ARGV[1])
              local live = redis.call('ZRANGE', sessions, -1, -1, 'WITHSCORES')
              if #live == 0 then
                table.insert(lapsed, user)
                table.insert(lapsed, redis.call('ZSCORE', KEYS[1], user))
                redis.call('ZREM', KEYS[1], user)
              else
                redis.call('ZADD', KEYS[1], live[2], user)
              end
            end
            return lapsed
            """, List.class);

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
        Long sessions = redis.execute(CONNECT, List.of(SESSIONS + userId, ONLINE),
                String.valueOf(now), String.valueOf(now + sessionTtl.toMillis()), sessionId, userId);
        return sessions != null && sessions == 1;
    }

    /** @return true when this was the user's last session */
    boolean disconnect(String userId, String sessionId) {
        Long left = redis.execute(DISCONNECT, List.of(SESSIONS + userId, LAST_SEEN + userId, ONLINE),
                String.valueOf(clock.millis()), sessionId, userId);
        return left != null && left == 0;
    }

    /**
     * Extends sessions (session id → user id), {@link #REFRESH_BATCH} to a script: one script per session made a
     * node's refresh of 10,000 sessions a burst of 10,000 round trips every 15 s, which held up chat messages beside
     * it (docs/DECISIONS.md "Performance (idle sockets)").
     */
    void refresh(Map<String, String> sessions) {
        List<String> pairs = new ArrayList<>(2 * sessions.size());
        sessions.forEach((sessionId, userId) -> {
            pairs.add(userId);
            pairs.add(sessionId);
        });
        String expiry = String.valueOf(clock.millis() + sessionTtl.toMillis());
        String keyTtl = String.valueOf(sessionTtl.multipliedBy(2).toMillis());
        for (int from = 0; from < pairs.size(); from += 2 * REFRESH_BATCH) {
            List<String> args = new ArrayList<>(List.of(expiry, keyTtl, SESSIONS));
            args.addAll(pairs.subList(from, Math.min(pairs.size(), from + 2 * REFRESH_BATCH)));
            redis.execute(REFRESH, List.of(ONLINE), args.toArray());
        }
    }

    /**
     * The users who went offline because their sessions lapsed, each answered to one caller only, last seen when
     * their node last refreshed them (a lapse time less the session time-to-live).
     */
    List<Status> sweepLapsed() {
        List<?> lapsed = redis.execute(SWEEP, List.of(ONLINE), String.valueOf(clock.millis()), SESSIONS,
                String.valueOf(SWEEP_BATCH));
        List<Status> offline = new ArrayList<>();
        for (int i = 0; lapsed != null && i + 1 < lapsed.size(); i += 2) {
            String userId = String.valueOf(lapsed.get(i));
            long seen = (long) Double.parseDouble(String.valueOf(lapsed.get(i + 1))) - sessionTtl.toMillis();
            redis.opsForValue().set(LAST_SEEN + userId, String.valueOf(seen));
            offline.add(new Status(userId, false, Instant.ofEpochMilli(seen)));
        }
        return offline;
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
