package io.parley.command.connection;

import io.parley.command.support.RedisServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** QR tokens on the machine's real Redis and on the embedded default's server alike. */
class QrTokensTest {

    @ParameterizedTest
    @ValueSource(strings = {"real", "embedded"})
    void aTokenNamesItsOwnerOnceAndANewTokenSupersedesTheOld(String server) {
        LettuceConnectionFactory connection = RedisServers.connect(server);
        try {
            QrTokens tokens = new QrTokens(new StringRedisTemplate(connection), Duration.ofSeconds(30));
            String owner = UUID.randomUUID().toString();
            String first = tokens.issue(owner);
            assertThat(first).hasSizeGreaterThanOrEqualTo(26);
            assertThat(tokens.owner(first)).isEqualTo(owner);

            String second = tokens.issue(owner);
            assertThat(second).isNotEqualTo(first);
            assertThat(tokens.redeem(first)).as("superseded").isNull();
            assertThat(tokens.redeem(second)).isEqualTo(owner);
            assertThat(tokens.redeem(second)).as("single use").isNull();
            assertThat(tokens.redeem("never-issued")).isNull();
        } finally {
            connection.destroy();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"real", "embedded"})
    void tokensLapseAfterTheirLifetime(String server) throws InterruptedException {
        LettuceConnectionFactory connection = RedisServers.connect(server);
        try {
            QrTokens tokens = new QrTokens(new StringRedisTemplate(connection), Duration.ofMillis(300));
            String token = tokens.issue(UUID.randomUUID().toString());
            Thread.sleep(600);
            assertThat(tokens.redeem(token)).isNull();
        } finally {
            connection.destroy();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"real", "embedded"})
    void ofTwoConcurrentScansExactlyOneWins(String server) throws Exception {
        LettuceConnectionFactory connection = RedisServers.connect(server);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            QrTokens tokens = new QrTokens(new StringRedisTemplate(connection), Duration.ofSeconds(30));
            for (int round = 0; round < 20; round++) {
                String owner = UUID.randomUUID().toString();
                String token = tokens.issue(owner);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> scans = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Callable<String> scan = () -> {
                        start.await();
                        return tokens.redeem(token);
                    };
                    scans.add(pool.submit(scan));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (Future<String> scan : scans) {
                    winners.add(scan.get());
                }
                assertThat(winners.stream().filter(Objects::nonNull)).containsExactly(owner);
            }
        } finally {
            pool.shutdownNow();
            connection.destroy();
        }
    }
}
