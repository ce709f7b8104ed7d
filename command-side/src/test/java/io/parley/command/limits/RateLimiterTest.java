package io.parley.command.limits;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.command.support.RedisServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.env.MockEnvironment;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One mechanism, two servers: the machine's real Redis and the embedded default's must count alike. */
class RateLimiterTest {

    @ParameterizedTest
    @ValueSource(strings = {"real", "embedded"})
    void countsHitsPerKeyAndRefusesOverTheLimitUntilTheWindowEnds(String server) throws InterruptedException {
        LettuceConnectionFactory connection = RedisServers.connect(server);
        try {
            RateLimiter limiter = new RateLimiter(new StringRedisTemplate(connection), new MockEnvironment()
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
            connection.destroy();
        }
    }
}
