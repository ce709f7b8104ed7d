package io.parley.command.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Access tokens verify until they expire, also once remembered as verified; forged ones never do. */
class AccessTokensTest {

    private static final String SECRET = "q8Jv2Lx0TzR7mW4kYc1NfH6bPd3sGa9E";

    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovingClock clock = new MovingClock();

    private AccessTokens tokens(String issuer) {
        return new AccessTokens(new ServerSecrets(dir.toString(), true),
                new JwtProperties(Duration.ofMinutes(15), Duration.ofDays(30), SECRET, issuer), clock);
    }

    @Test
    void aTokenVerifiesAgainAndAgainUntilItExpires() {
        AccessTokens tokens = tokens("parley");
        String token = tokens.issue("user-1", List.of("user"));

        assertThat(tokens.verify(token)).contains(new AccessTokens.Principal("user-1", List.of("user")));
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertThat(tokens.verify(token)).contains(new AccessTokens.Principal("user-1", List.of("user")));
        clock.now = clock.now.plusSeconds(1);
        assertThat(tokens.verify(token)).isEmpty();
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void aTokenFirstSeenAfterItsExpiryIsRefused() {
        AccessTokens tokens = tokens("parley");
        String token = tokens.issue("user-1", List.of("user"));

        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(tokens.verify(token)).isEmpty();
    }

    @Test
    void aVerifiedTokenWithAnotherSignatureOrIssuerIsRefused() {
        AccessTokens tokens = tokens("parley");
        String token = tokens.issue("user-1", List.of("admin"));
        assertThat(tokens.verify(token)).isPresent();

        String signature = token.substring(token.lastIndexOf('.') + 1);
        String forged = token.substring(0, token.lastIndexOf('.') + 1)
                + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
        assertThat(tokens.verify(forged)).isEmpty();
        assertThat(tokens("someone-else").verify(token)).isEmpty();
        assertThat(tokens.verify("not.a.token")).isEmpty();
    }
}
