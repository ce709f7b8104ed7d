package io.parley.command.limits;

import com.github.fppt.jedismock.RedisServer;
import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.net.InetAddress;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One mechanism, two servers: the machine's real Redis (127.0.0.1:6379, or PARLEY_TEST_REDIS_HOST/PORT) and the
 * embedded default's in-process server must count alike.
 */
class RateLimiterTest {

    private static RedisServer embedded;

    @BeforeAll
    static void startEmbedded() throws IOException {
        embedded = RedisServer.newRedisServer(0, InetAddress.getLoopbackAddress()).start();
    }

    @AfterAll
    static void stopEmbedded() throws IOException {
        embedded.stop();
    }

    @ParameterizedTest
    @ValueSource(strings = {"real", "embedded"})
    void countsHitsPerKeyAndRefusesOverTheLimitUntilTheWindowEnds(String server) throws InterruptedException {
        LettuceConnectionFactory connection = connect(server);
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

    private static LettuceConnectionFactory connect(String server) {
        String host = server.equals("real") ? System.getenv().getOrDefault("PARLEY_TEST_REDIS_HOST", "127.0.0.1") : embedded.getHost();
        int port = server.equals("real") ? Integer.parseInt(System.getenv().getOrDefault("PARLEY_TEST_REDIS_PORT", "6379"))
                : embedded.getBindPort();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
        factory.afterPropertiesSet();
        factory.start();
        try {
            factory.getConnection().ping();
        } catch (RuntimeException e) {
            factory.destroy();
            Assumptions.abort("Redis is not reachable at " + host + ":" + port + ": " + e.getMessage());
        }
        return factory;
    }
}
