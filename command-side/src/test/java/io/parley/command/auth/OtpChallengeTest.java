package io.parley.command.auth;

import io.parley.api.ErrorCode;
import io.parley.api.TargetId;
import io.parley.api.auth.AuthCommands.IssueOtp;
import io.parley.api.auth.AuthCommands.OtpVerification;
import io.parley.api.auth.AuthCommands.RecordOtpDeliveryFailure;
import io.parley.api.auth.AuthCommands.VerifyOtp;
import io.parley.api.auth.AuthEvents.OtpDeliveryFailed;
import io.parley.api.auth.AuthEvents.OtpIssued;
import io.parley.api.auth.AuthEvents.OtpVerificationFailed;
import io.parley.api.auth.AuthEvents.OtpVerified;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.parley.command.DomainErrorMatchers.matchesCode;


class OtpChallengeTest {

    private static final String ID = "challenge-1";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final OtpProperties LIMITS = new OtpProperties(Duration.ofMinutes(5), Duration.ofSeconds(30),
            Duration.ofMinutes(10), 3, 5, Map.of(), "console", "console");

    private AggregateTestFixture<OtpChallenge> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(OtpChallenge.class);
        fixture.registerInjectableResource(LIMITS);
        fixture.registerCommandTargetResolver(
                AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build());
    }

    private static OtpIssued issued(String hash, Instant at) {
        return new OtpIssued(ID, hash, at, at.plus(Duration.ofMinutes(5)));
    }

    @Test
    void aFirstRequestIssuesACodeThatExpiresAfterItsTtl() {
        fixture.givenNoPriorActivity()
                .when(new IssueOtp(ID, "h1", T0))
                .expectEvents(issued("h1", T0));
    }

    @Test
    void aResendInsideTheCooldownIsRefusedWithTheSecondsLeft() {
        fixture.given(issued("h1", T0))
                .when(new IssueOtp(ID, "h2", T0.plusSeconds(10)))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.OTP_COOLDOWN, 20));
    }

    @Test
    void aResendAfterTheCooldownReplacesTheCode() {
        fixture.given(issued("h1", T0))
                .when(new IssueOtp(ID, "h2", T0.plusSeconds(30)))
                .expectEvents(issued("h2", T0.plusSeconds(30)));
    }

    @Test
    void theFourthCodeInTenMinutesIsRefusedUntilTheOldestLeavesTheWindow() {
        fixture.given(issued("h1", T0), issued("h2", T0.plusSeconds(60)), issued("h3", T0.plusSeconds(120)))
                .when(new IssueOtp(ID, "h4", T0.plusSeconds(180)))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.OTP_SEND_LIMIT, 420));
    }

    @Test
    void codesOlderThanTheWindowNoLongerCount() {
        fixture.given(issued("h1", T0), issued("h2", T0.plusSeconds(60)), issued("h3", T0.plusSeconds(120)))
                .when(new IssueOtp(ID, "h4", T0.plusSeconds(601)))
                .expectEvents(issued("h4", T0.plusSeconds(601)));
    }

    @Test
    void aFailedDeliveryDoesNotCountAgainstTheSendLimitNorTheCooldown() {
        fixture.given(issued("h1", T0), issued("h2", T0.plusSeconds(60)), issued("h3", T0.plusSeconds(120)),
                        new OtpDeliveryFailed(ID, T0.plusSeconds(120)))
                .when(new IssueOtp(ID, "h4", T0.plusSeconds(121)))
                .expectEvents(issued("h4", T0.plusSeconds(121)));
    }

    @Test
    void aDeliveryFailureIsRecordedOnlyForACodeThatWasIssued() {
        fixture.given(issued("h1", T0))
                .when(new RecordOtpDeliveryFailure(ID, T0))
                .expectEvents(new OtpDeliveryFailed(ID, T0));
        fixture.given(issued("h1", T0))
                .when(new RecordOtpDeliveryFailure(ID, T0.plusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void theRightCodeVerifiesOnce() {
        fixture.given(issued("h1", T0))
                .when(new VerifyOtp(ID, "h1", T0.plusSeconds(60)))
                .expectEvents(new OtpVerified(ID, T0.plusSeconds(60)))
                .expectResultMessagePayload(new OtpVerification(true, 0));
        fixture.given(issued("h1", T0), new OtpVerified(ID, T0.plusSeconds(60)))
                .when(new VerifyOtp(ID, "h1", T0.plusSeconds(61)))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.OTP_INVALID, null));
    }

    @Test
    void aWrongCodeIsRecordedWithTheAttemptsLeft() {
        fixture.given(issued("h1", T0), new OtpVerificationFailed(ID, T0.plusSeconds(1), 4))
                .when(new VerifyOtp(ID, "nope", T0.plusSeconds(2)))
                .expectEvents(new OtpVerificationFailed(ID, T0.plusSeconds(2), 3))
                .expectResultMessagePayload(new OtpVerification(false, 3));
    }

    @Test
    void afterFiveWrongCodesEvenTheRightOneIsRefused() {
        fixture.given(issued("h1", T0),
                        new OtpVerificationFailed(ID, T0, 4), new OtpVerificationFailed(ID, T0, 3),
                        new OtpVerificationFailed(ID, T0, 2), new OtpVerificationFailed(ID, T0, 1),
                        new OtpVerificationFailed(ID, T0, 0))
                .when(new VerifyOtp(ID, "h1", T0.plusSeconds(5)))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.OTP_ATTEMPTS_EXCEEDED, 25));
    }

    @Test
    void aNewCodeResetsTheAttempts() {
        fixture.given(issued("h1", T0),
                        new OtpVerificationFailed(ID, T0, 4), new OtpVerificationFailed(ID, T0, 3),
                        new OtpVerificationFailed(ID, T0, 2), new OtpVerificationFailed(ID, T0, 1),
                        new OtpVerificationFailed(ID, T0, 0),
                        issued("h2", T0.plusSeconds(40)))
                .when(new VerifyOtp(ID, "h2", T0.plusSeconds(50)))
                .expectEvents(new OtpVerified(ID, T0.plusSeconds(50)));
    }

    @Test
    void anExpiredCodeIsRefused() {
        fixture.given(issued("h1", T0))
                .when(new VerifyOtp(ID, "h1", T0.plus(Duration.ofMinutes(5))))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.OTP_EXPIRED, null));
    }

    @Test
    void aCodeWhoseDeliveryFailedCannotBeUsed() {
        fixture.given(issued("h1", T0), new OtpDeliveryFailed(ID, T0))
                .when(new VerifyOtp(ID, "h1", T0.plusSeconds(1)))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.OTP_INVALID, null));
    }
}
