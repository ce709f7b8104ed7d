package io.parley.command.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One refresh token, stored only as its SHA-256 hash. Tokens rotated from one login form a family; showing a
 * rotated token again means it leaked, so the whole family is revoked.
 */
@Entity
@Table(name = "refresh_tokens", indexes = {
        @Index(name = "refresh_tokens_family", columnList = "familyId"),
        @Index(name = "refresh_tokens_user", columnList = "userId")})
class RefreshToken {

    @Id
    @Column(length = 64)
    private String tokenHash;
    @Column(nullable = false, length = 36)
    private String familyId;
    @Column(nullable = false, length = 36)
    private String userId;
    @Column(nullable = false)
    private Instant expiresAt;
    private Instant rotatedAt;
    private boolean revoked;

    protected RefreshToken() {
    }

    RefreshToken(String tokenHash, String familyId, String userId, Instant expiresAt) {
        this.tokenHash = tokenHash;
        this.familyId = familyId;
        this.userId = userId;
        this.expiresAt = expiresAt;
    }

    String familyId() {
        return familyId;
    }

    String userId() {
        return userId;
    }

    boolean rotated() {
        return rotatedAt != null;
    }
}
