package io.parley.command.connection;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Single-use QR tokens in Redis: {@code token → owner} with the QR lifetime, plus {@code owner → current token}
 * so a new code supersedes the previous one at once. Issuing and redeeming are single scripts, hence atomic:
 * of two scans of one token exactly one gets the owner.
 */
@Component
class QrTokens {

    private static final String TOKEN = "parley:qr:token:";
    private static final String OWNER = "parley:qr:owner:";

    private static final RedisScript<Long> ISSUE = RedisScript.of("""
            local previous = redis.call('GET', KEYS[2])
            if previous then redis.call('DEL', ARGV[3] .. previous) end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[2])
            return 1
            """, Long.class);

    private static final RedisScript<String> REDEEM = RedisScript.of("""
            local owner = redis.call('GET', KEYS[1])
            if not owner then return false end
            redis.call('DEL', KEYS[1])
            if redis.call('GET', ARGV[1] .. owner) == ARGV[2] then redis.call('DEL', ARGV[1] .. owner) end
            return owner
            """, String.class);

    private final StringRedisTemplate redis;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    QrTokens(StringRedisTemplate redis, @Value("${parley.qr.ttl:30s}") Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    Duration ttl() {
        return ttl;
    }

    /** A fresh 160-bit token for {@code userId}; the user's previous token stops working. */
    String issue(String userId) {
        byte[] bytes = new byte[20];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        redis.execute(ISSUE, List.of(TOKEN + token, OWNER + userId),
                userId, String.valueOf(ttl.toMillis()), TOKEN, token);
        return token;
    }

    /** The owner of a live token, without using it up; null when unknown, expired, superseded or used. */
    String owner(String token) {
        return redis.opsForValue().get(TOKEN + token);
    }

    /** Uses the token up and answers its owner; null when someone else got it first or it is no longer valid. */
    String redeem(String token) {
        return redis.execute(REDEEM, List.of(TOKEN + token), OWNER, token);
    }
}
