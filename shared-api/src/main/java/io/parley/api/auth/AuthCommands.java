package io.parley.api.auth;

import io.parley.api.TargetId;

import java.time.Instant;

/**
 * Commands of the OTP login. A challenge is keyed by a keyed hash of the normalised identifier, and codes
 * travel only as keyed hashes, so neither the identifier nor any code reaches the event store in clear.
 */
public final class AuthCommands {

    private AuthCommands() {
    }

    public record IssueOtp(@TargetId String challengeId, String codeHash, Instant at) {
    }

    /** The driver could not deliver the code issued at {@code issuedAt}: it must not count against the user. */
    public record RecordOtpDeliveryFailure(@TargetId String challengeId, Instant issuedAt) {
    }

    public record VerifyOtp(@TargetId String challengeId, String codeHash, Instant at) {
    }

    /** Result of {@link VerifyOtp}: a wrong code is recorded (an event), so it is a result, not an exception. */
    public record OtpVerification(boolean verified, int attemptsLeft) {
    }
}
