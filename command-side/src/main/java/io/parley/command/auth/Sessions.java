package io.parley.command.auth;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.command.user.UserAccounts;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** Login sessions: an access JWT plus a rotating refresh token whose reuse revokes its whole family. */
@Service
public class Sessions {

    public record TokenPair(String token, String refreshToken, long expiresIn) {
    }

    private final RefreshTokenRepository refreshTokens;
    private final AccessTokens accessTokens;
    private final UserAccounts accounts;
    private final JwtProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Sessions(RefreshTokenRepository refreshTokens, AccessTokens accessTokens, UserAccounts accounts,
             JwtProperties properties, Clock clock) {
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.accounts = accounts;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public TokenPair open(String userId) {
        return issue(userId, UUID.randomUUID().toString());
    }

    /** Rotates: the presented token becomes used and a new one of the same family is issued. */
    @Transactional(noRollbackFor = ParleyException.class)
    public TokenPair refresh(String refreshToken) {
        String hash = hash(refreshToken);
        if (refreshTokens.rotate(hash, clock.instant()) == 1) {
            RefreshToken used = refreshTokens.findById(hash).orElseThrow();
            if (accounts.roles(used.userId()).isEmpty()) {
                refreshTokens.revokeUser(used.userId());
                throw invalid();
            }
            return issue(used.userId(), used.familyId());
        }
        refreshTokens.findById(hash)
                .filter(RefreshToken::rotated)
                .ifPresent(reused -> refreshTokens.revokeFamily(reused.familyId()));
        throw invalid();
    }

    @Transactional
    public void logout(String refreshToken) {
        refreshTokens.findById(hash(refreshToken)).ifPresent(t -> refreshTokens.revokeFamily(t.familyId()));
    }

    private TokenPair issue(String userId, String familyId) {
        List<String> roles = accounts.roles(userId);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = clock.instant().plus(properties.refreshTtl());
        refreshTokens.insert(hash(refreshToken), familyId, userId, expiresAt);
        return new TokenPair(accessTokens.issue(userId, roles), refreshToken, accessTokens.expiresInSeconds());
    }

    private static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static RuntimeException invalid() {
        return ErrorCode.REFRESH_INVALID.exception("The refresh token is unknown, expired or revoked: log in again.");
    }
}
