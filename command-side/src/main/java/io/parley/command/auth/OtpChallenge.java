package io.parley.command.auth;

import io.parley.api.ErrorCode;
import io.parley.api.auth.AuthCommands.IssueOtp;
import io.parley.api.auth.AuthCommands.OtpVerification;
import io.parley.api.auth.AuthCommands.RecordOtpDeliveryFailure;
import io.parley.api.auth.AuthCommands.VerifyOtp;
import io.parley.api.auth.AuthEvents.OtpDeliveryFailed;
import io.parley.api.auth.AuthEvents.OtpIssued;
import io.parley.api.auth.AuthEvents.OtpVerificationFailed;
import io.parley.api.auth.AuthEvents.OtpVerified;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One identifier's login codes: send window, resend cooldown, expiry, attempt cap and single use.
 * Every rule works from timestamps in the events, so it holds across restarts.
 */
@Aggregate(commandTargetResolver = "parleyCommandTargetResolver")
class OtpChallenge {

    /** More issue times than any sane send limit needs; keeps a long-lived challenge small. */
    private static final int SENDS_KEPT = 32;

    @AggregateIdentifier
    private String challengeId;
    /** Issue times of the codes sent within the current window, oldest first. */
    private final Deque<Instant> recentSends = new ArrayDeque<>();
    private String pendingHash;
    private Instant pendingIssuedAt;
    private Instant pendingExpiresAt;
    private int failedAttempts;

    OtpChallenge() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(IssueOtp command, OtpProperties limits) {
        Instant now = command.at();
        Instant windowStart = now.minus(limits.sendWindow());
        List<Instant> sendsInWindow = recentSends.stream().filter(t -> t.isAfter(windowStart)).toList();
        if (pendingHash != null && now.isBefore(pendingIssuedAt.plus(limits.resendCooldown()))) {
            throw ErrorCode.OTP_COOLDOWN.exception("Wait before asking for another code.")
                    .with("retryAfterSeconds", secondsUntil(now, pendingIssuedAt.plus(limits.resendCooldown())));
        }
        if (sendsInWindow.size() >= limits.maxSends()) {
            Instant freesUp = sendsInWindow.get(sendsInWindow.size() - limits.maxSends()).plus(limits.sendWindow());
            throw ErrorCode.OTP_SEND_LIMIT.exception("Too many codes were sent to this identifier.")
                    .with("retryAfterSeconds", secondsUntil(now, freesUp));
        }
        apply(new OtpIssued(command.challengeId(), command.codeHash(), now, now.plus(limits.codeTtl())));
    }

    @CommandHandler
    void handle(RecordOtpDeliveryFailure command) {
        if (recentSends.contains(command.issuedAt())) {
            apply(new OtpDeliveryFailed(challengeId, command.issuedAt()));
        }
    }

    @CommandHandler
    OtpVerification handle(VerifyOtp command, OtpProperties limits) {
        if (pendingHash == null) {
            throw ErrorCode.OTP_INVALID.exception("No code is pending for this identifier.");
        }
        if (failedAttempts >= limits.maxAttempts()) {
            // A new code can be asked for once the resend cooldown of this one is over.
            throw ErrorCode.OTP_ATTEMPTS_EXCEEDED.exception("Too many wrong codes: request a new code.")
                    .with("retryAfterSeconds", secondsUntil(command.at(), pendingIssuedAt.plus(limits.resendCooldown())));
        }
        if (!command.at().isBefore(pendingExpiresAt)) {
            throw ErrorCode.OTP_EXPIRED.exception("The code has expired: request a new code.");
        }
        if (!MessageDigest.isEqual(bytes(pendingHash), bytes(command.codeHash()))) {
            int attemptsLeft = Math.max(0, limits.maxAttempts() - failedAttempts - 1);
            apply(new OtpVerificationFailed(challengeId, command.at(), attemptsLeft));
            return new OtpVerification(false, attemptsLeft);
        }
        apply(new OtpVerified(challengeId, command.at()));
        return new OtpVerification(true, 0);
    }

    @EventSourcingHandler
    void on(OtpIssued event) {
        challengeId = event.challengeId();
        recentSends.addLast(event.issuedAt());
        if (recentSends.size() > SENDS_KEPT) {
            recentSends.removeFirst();
        }
        pendingHash = event.codeHash();
        pendingIssuedAt = event.issuedAt();
        pendingExpiresAt = event.expiresAt();
        failedAttempts = 0;
    }

    @EventSourcingHandler
    void on(OtpDeliveryFailed event) {
        recentSends.remove(event.issuedAt());
        if (event.issuedAt().equals(pendingIssuedAt)) {
            pendingHash = null;
        }
    }

    @EventSourcingHandler
    void on(OtpVerificationFailed event) {
        failedAttempts++;
    }

    @EventSourcingHandler
    void on(OtpVerified event) {
        pendingHash = null;
    }

    private static long secondsUntil(Instant now, Instant then) {
        long millis = Duration.between(now, then).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static byte[] bytes(String hash) {
        return hash == null ? new byte[0] : hash.getBytes(StandardCharsets.US_ASCII);
    }
}
