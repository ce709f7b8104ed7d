package io.parley.command.auth;

import io.parley.command.support.SqlTimes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/** The {@code refresh_tokens} table, in the caller's transaction. */
@Component
class RefreshTokenRepository {

    private final JdbcClient jdbc;

    RefreshTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RefreshToken> findById(String tokenHash) {
        return jdbc.sql("select token_hash, family_id, user_id, rotated_at is not null as rotated from refresh_tokens"
                        + " where token_hash = ?").param(tokenHash)
                .query(RefreshToken.class).optional();
    }

    void insert(String tokenHash, String familyId, String userId, Instant expiresAt) {
        jdbc.sql("insert into refresh_tokens (token_hash, family_id, user_id, expires_at, revoked) values (?, ?, ?, ?, false)")
                .params(tokenHash, familyId, userId, SqlTimes.at(expiresAt)).update();
    }

    /** Marks a live token used; 1 for exactly one caller even when two race with the same token. */
    int rotate(String hash, Instant now) {
        return jdbc.sql("update refresh_tokens set rotated_at = :now where token_hash = :hash"
                        + " and rotated_at is null and revoked = false and expires_at > :now")
                .param("now", SqlTimes.at(now)).param("hash", hash).update();
    }

    int revokeFamily(String familyId) {
        return jdbc.sql("update refresh_tokens set revoked = true where family_id = ?").param(familyId).update();
    }

    int revokeUser(String userId) {
        return jdbc.sql("update refresh_tokens set revoked = true where user_id = ?").param(userId).update();
    }
}
