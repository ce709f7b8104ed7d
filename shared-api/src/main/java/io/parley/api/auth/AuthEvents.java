package io.parley.api.auth;

import java.time.Instant;

/** Events of the OTP challenge. They hold keyed hashes only: never a code, never the identifier. */
public final class AuthEvents {

    private AuthEvents() {
    }

    public record OtpIssued(String challengeId, String codeHash, Instant issuedAt, Instant expiresAt) {
    }

    public record OtpDeliveryFailed(String challengeId, Instant issuedAt) {
    }

    public record OtpVerificationFailed(String challengeId, Instant at, int attemptsLeft) {
    }

    public record OtpVerified(String challengeId, Instant at) {
    }
}
