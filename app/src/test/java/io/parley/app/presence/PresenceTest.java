package io.parley.app.presence;

import com.github.fppt.jedismock.RedisServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence's Redis scripts, on the embedded default's in-process server and on the machine's real Redis (skipped,
 * saying so, when 127.0.0.1:6379 does not answer): a user whose sessions all lapsed (their node crashed) is swept
 * once, with their last refresh as last-seen; a user with a live session elsewhere is not. A refresh of more sessions
 * than one script takes extends every open one and brings no closed one back.
 */
class PresenceTest {

    private static final Duration TTL = Duration.ofSeconds(45);

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "real"})
    void usersWhoseSessionsAllLapsedAreSweptOnceWithTheirLastRefresh(String server) throws Exception {
        onRedis(server, (presence, clock) -> {
            String crashed = UUID.randomUUID().toString();
            String elsewhere = UUID.randomUUID().toString();

            assertThat(presence.connect(crashed, "s1")).isTrue();
            assertThat(presence.connect(elsewhere, "s2")).isTrue();
            assertThat(presence.connect(elsewhere, "s3")).isFalse();
            clock.advance(Duration.ofSeconds(10));
            Instant lastRefresh = clock.instant();
            presence.refresh(Map.of("s1", crashed, "s2", elsewhere));

            clock.advance(Duration.ofSeconds(40));
            assertThat(presence.sweepLapsed()).extracting(Presence.Status::userId).doesNotContain(crashed, elsewhere);
            presence.refresh(Map.of("s3", elsewhere));

            clock.advance(Duration.ofSeconds(10));
            assertThat(presence.sweepLapsed()).filteredOn(status -> status.userId().equals(crashed))
                    .containsExactly(new Presence.Status(crashed, false, lastRefresh));
            assertThat(presence.sweepLapsed()).extracting(Presence.Status::userId).as("once").doesNotContain(crashed);
            assertThat(presence.status(crashed)).isEqualTo(new Presence.Status(crashed, false, lastRefresh));
            assertThat(presence.status(elsewhere).online()).as("s3 was refreshed on another node").isTrue();

            assertThat(presence.disconnect(elsewhere, "s3")).isTrue();
            clock.advance(TTL.multipliedBy(2));
            assertThat(presence.sweepLapsed()).extracting(Presence.Status::userId).as("told offline at disconnect")
                    .doesNotContain(elsewhere);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "real"})
    void aRefreshOfManySessionsExtendsEachOpenOneAndBringsNoClosedOneBack(String server) throws Exception {
        onRedis(server, (presence, clock) -> {
            Map<String, String> sessions = new HashMap<>();
            for (int i = 0; i < 1201; i++) {
                String user = UUID.randomUUID().toString();
                assertThat(presence.connect(user, "s" + i)).isTrue();
                sessions.put("s" + i, user);
            }
            String closed = sessions.get("s1200");
            assertThat(presence.disconnect(closed, "s1200")).isTrue();
            clock.advance(Duration.ofSeconds(40));
            presence.refresh(sessions);

            clock.advance(Duration.ofSeconds(40));
            assertThat(presence.sweepLapsed()).extracting(Presence.Status::userId).doesNotContainAnyElementsOf(sessions.values());
            sessions.forEach((session, user) -> assertThat(presence.status(user).online()).as(session).isEqualTo(!user.equals(closed)));
        });
    }

    private interface PresenceCheck {
        void run(Presence presence, TestClock clock) throws Exception;
    }

    /** Runs the check against a fresh in-process server, or the machine's Redis. */
    private static void onRedis(String server, PresenceCheck check) throws Exception {
        RedisServer embedded = server.equals("embedded") ? RedisServer.newRedisServer(0, InetAddress.getLoopbackAddress()).start() : null;
        LettuceConnectionFactory connection = new LettuceConnectionFactory(embedded != null
                ? new RedisStandaloneConfiguration(embedded.getHost(), embedded.getBindPort())
                : new RedisStandaloneConfiguration("127.0.0.1", 6379));
        connection.afterPropertiesSet();
        connection.start();
        try {
            try {
                connection.getConnection().ping();
            } catch (RuntimeException e) {
                Assumptions.abort("Redis is not reachable at 127.0.0.1:6379: " + e.getMessage());
            }
            TestClock clock = new TestClock();
            check.run(new Presence(new StringRedisTemplate(connection), clock, TTL), clock);
        } finally {
            connection.destroy();
            if (embedded != null) {
                embedded.stop();
            }
        }
    }
}
