package io.parley.command.limits;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.command.support.RedisServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.env.MockEnvironment;

import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One limiter, two counters: the real Redis one (shared by nodes) and the embedded default's must count alike. */
class RateLimiterTest {

    @ParameterizedTest
    @ValueSource(strings = {"redis", "local"})
    void countsHitsPerKeyAndRefusesOverTheLimitUntilTheWindowEnds(String counter) throws InterruptedException {
        LettuceConnectionFactory connection = counter.equals("redis") ? RedisServers.connect("real") : null;
        try {
            WindowCounter windows = connection != null
                    ? new RedisWindowCounter(new StringRedisTemplate(connection))
                    : new LocalWindowCounter(Clock.systemUTC());
            RateLimiter limiter = new RateLimiter(windows, new MockEnvironment()
                    .withProperty("parley.auth.ip-limit", "3")
                    .withProperty("parley.auth.ip-window", "1s"));
            String key = UUID.randomUUID().toString();
            for (int i = 0; i < 3; i++) {
                limiter.hit(RateLimit.AUTH_PER_IP, key);
            }
            assertThatThrownBy(() -> limiter.hit(RateLimit.AUTH_PER_IP, key))
                    .isInstanceOfSatisfying(ParleyException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
                        assertThat(e.retryAfterSeconds()).isEqualTo(1L);
                    });
            limiter.hit(RateLimit.AUTH_PER_IP, "another-" + key);

            Thread.sleep(1_100);
            limiter.hit(RateLimit.AUTH_PER_IP, key);
        } finally {
            if (connection != null) {
                connection.destroy();
            }
        }
    }
}
