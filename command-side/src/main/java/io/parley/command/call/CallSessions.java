package io.parley.command.call;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Which socket session carries each party's side of a call (ephemeral state, in Redis: shared by the nodes): the
 * caller's offering session, and the callee's answering one. SDP and ICE go there only.
 */
@Component
class CallSessions {

    /** Longer than any call is expected to last; refreshed by each signal. */
    private static final Duration KEEP = Duration.ofHours(12);

    private final StringRedisTemplate redis;

    CallSessions(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Who is in the call (kept with the sessions, so a signal needs no read of the call). */
    void parties(String callId, String callerId, String calleeId) {
        redis.opsForHash().putAll(key(callId), Map.of("caller", callerId, "callee", calleeId));
        redis.expire(key(callId), KEEP);
    }

    void set(String callId, String userId, String sessionId) {
        redis.opsForHash().put(key(callId), "session:" + userId, sessionId);
        redis.expire(key(callId), KEEP);
    }

    /** A session of a party that connected while the party's call session was still open (see {@link CallPresence}). */
    void newer(String callId, String userId, String sessionId) {
        redis.opsForHash().put(key(callId), "newer:" + userId, sessionId);
    }

    /** Takes the party's newer session, if one connected since. */
    Optional<String> takeNewer(String callId, String userId) {
        Optional<String> newer = Optional.ofNullable((String) redis.opsForHash().get(key(callId), "newer:" + userId));
        newer.ifPresent(session -> redis.opsForHash().delete(key(callId), "newer:" + userId));
        return newer;
    }

    /** Forgets the party's newer session if it is this one (it closed, or carries the call now). */
    void forgetNewer(String callId, String userId, String sessionId) {
        if (sessionId.equals(redis.opsForHash().get(key(callId), "newer:" + userId))) {
            redis.opsForHash().delete(key(callId), "newer:" + userId);
        }
    }

    /** The user's call session, if they have one yet. */
    Optional<String> of(String callId, String userId) {
        return Optional.ofNullable((String) redis.opsForHash().get(key(callId), "session:" + userId));
    }

    /** The other party of the call, for a party; empty for anyone else. */
    Optional<String> other(String callId, String userId) {
        Object caller = redis.opsForHash().get(key(callId), "caller");
        Object callee = redis.opsForHash().get(key(callId), "callee");
        if (userId.equals(caller)) {
            return Optional.ofNullable((String) callee);
        }
        return userId.equals(callee) ? Optional.ofNullable((String) caller) : Optional.empty();
    }

    private static String key(String callId) {
        return "parley:call:" + callId + ":sessions";
    }
}
