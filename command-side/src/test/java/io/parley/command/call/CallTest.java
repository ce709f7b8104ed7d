package io.parley.command.call;

import io.parley.api.ErrorCode;
import io.parley.api.TargetId;
import io.parley.api.call.CallCommands.AnswerCall;
import io.parley.api.call.CallCommands.EndCall;
import io.parley.api.call.CallCommands.LeaveCall;
import io.parley.api.call.CallCommands.RejoinCall;
import io.parley.api.call.CallCommands.StartCall;
import io.parley.api.call.CallEvents.CallAnswered;
import io.parley.api.call.CallEvents.CallEnded;
import io.parley.api.call.CallEvents.CallMissed;
import io.parley.api.call.CallEvents.CallPartyLeft;
import io.parley.api.call.CallEvents.CallPartyRejoined;
import io.parley.api.call.CallEvents.CallStarted;
import io.parley.api.call.CallMedia;
import io.parley.api.call.CallOutcome;
import io.parley.command.connection.ConnectedUsers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.parley.command.DomainErrorMatchers.matchesCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CallTest {

    private static final String CALL = "call-1";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration RING = Duration.ofSeconds(45);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final CallStarted STARTED = new CallStarted(CALL, "ann", "ben", CallMedia.VIDEO, T0);
    private static final CallAnswered ANSWERED = new CallAnswered(CALL, "ann", "ben", T0);

    private AggregateTestFixture<Call> fixture;
    private ConnectedUsers connections;
    private CallLineRepository lines;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Call.class);
        fixture.registerCommandTargetResolver(
                AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build());
        connections = mock(ConnectedUsers.class);
        when(connections.accepted("ann", "ben")).thenReturn(true);
        lines = mock(CallLineRepository.class);
        when(lines.callOf(any())).thenReturn(Optional.empty());
        fixture.registerInjectableResource(connections);
        fixture.registerInjectableResource(new CallLines(lines));
        fixture.registerInjectableResource(new CallProperties(RING, GRACE));
        meters = new SimpleMeterRegistry();
        fixture.registerInjectableResource(new CallMeters(meters, lines));
    }

    @Test
    void aCallBetweenConnectionsRingsUntilTheRingTimeout() {
        fixture.givenNoPriorActivity()
                .when(new StartCall(CALL, "ann", "ben", CallMedia.VIDEO, T0))
                .expectEvents(STARTED)
                .expectScheduledDeadlineWithName(RING, Call.RING_TIMEOUT);
        verify(lines).insert("ann", CALL);
        verify(lines).insert("ben", CALL);
    }

    @Test
    void strangersAndOneselfCannotBeCalled() {
        fixture.givenNoPriorActivity()
                .when(new StartCall(CALL, "ann", "eve", CallMedia.AUDIO, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.NOT_CONNECTED, null));
        fixture.givenNoPriorActivity()
                .when(new StartCall(CALL, "ann", "ann", CallMedia.AUDIO, T0))
                .expectException(matchesCode(ErrorCode.NOT_CONNECTED, null));
    }

    @Test
    void aCalleeInAnotherCallMakesTheCallEndBusyAtOnce() {
        when(lines.callOf("ben")).thenReturn(Optional.of("other-call"));
        fixture.givenNoPriorActivity()
                .when(new StartCall(CALL, "ann", "ben", CallMedia.AUDIO, T0))
                .expectEvents(new CallStarted(CALL, "ann", "ben", CallMedia.AUDIO, T0),
                        new CallEnded(CALL, "ann", "ben", CallOutcome.BUSY, null, null, T0))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aCallerInAnotherCallCannotCall() {
        when(lines.callOf("ann")).thenReturn(Optional.of("other-call"));
        fixture.givenNoPriorActivity()
                .when(new StartCall(CALL, "ann", "ben", CallMedia.AUDIO, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.CALL_STATE, null));
    }

    @Test
    void onlyTheCalleeAnswersAndOnlyWhileItRings() {
        fixture.givenCommands(new StartCall(CALL, "ann", "ben", CallMedia.VIDEO, T0))
                .when(new AnswerCall(CALL, "ben", T0))
                .expectEvents(ANSWERED)
                .expectNoScheduledDeadlines();
        fixture.given(STARTED).when(new AnswerCall(CALL, "ann", T0)).expectException(matchesCode(ErrorCode.CALL_STATE, null));
        fixture.given(STARTED).when(new AnswerCall(CALL, "eve", T0)).expectException(matchesCode(ErrorCode.CALL_NOT_FOUND, null));
        fixture.given(STARTED, ANSWERED).when(new AnswerCall(CALL, "ben", T0)).expectException(matchesCode(ErrorCode.CALL_STATE, null));
    }

    @Test
    void endingARingingCallIsACancelByTheCallerOrADeclineByTheCallee() {
        fixture.givenCommands(new StartCall(CALL, "ann", "ben", CallMedia.VIDEO, T0))
                .when(new EndCall(CALL, "ann", T0))
                .expectEvents(new CallEnded(CALL, "ann", "ben", CallOutcome.CANCELLED, null, "ann", T0))
                .expectNoScheduledDeadlines();
        fixture.given(STARTED)
                .when(new EndCall(CALL, "ben", T0))
                .expectEvents(new CallEnded(CALL, "ann", "ben", CallOutcome.DECLINED, null, "ben", T0));
    }

    @Test
    void endingAnActiveCallIsAHangUpAndAnEndedCallTakesNoMore() {
        CallEnded hungUp = new CallEnded(CALL, "ann", "ben", CallOutcome.ANSWERED, "hangup", "ben", T0);
        fixture.given(STARTED, ANSWERED).when(new EndCall(CALL, "ben", T0)).expectEvents(hungUp);
        fixture.given(STARTED, ANSWERED, hungUp).when(new EndCall(CALL, "ann", T0)).expectException(matchesCode(ErrorCode.CALL_STATE, null));
        fixture.given(STARTED, ANSWERED).when(new EndCall(CALL, "eve", T0)).expectException(matchesCode(ErrorCode.CALL_NOT_FOUND, null));
    }

    @Test
    void aCallNobodyAnswersIsMissedAtTheRingTimeout() {
        fixture.givenCommands(new StartCall(CALL, "ann", "ben", CallMedia.VIDEO, T0))
                .whenThenTimeElapses(RING)
                .expectTriggeredDeadlinesWithName(Call.RING_TIMEOUT)
                .expectEvents(new CallMissed(CALL, "ann", "ben", fixture.currentTime()));
        assertThat(meters.counter("parley.calls.missed", "media", "video").count()).isEqualTo(1);
    }

    @Test
    void aPartyAwayLongerThanTheGraceEndsTheCallAndOneBackInTimeKeepsIt() {
        fixture.givenCommands(new StartCall(CALL, "ann", "ben", CallMedia.VIDEO, T0), new AnswerCall(CALL, "ben", T0),
                        new LeaveCall(CALL, "ben", T0))
                .whenThenTimeElapses(GRACE)
                .expectTriggeredDeadlinesWithName(Call.RECONNECT_GRACE)
                .expectEvents(new CallEnded(CALL, "ann", "ben", CallOutcome.ANSWERED, "disconnected", "ben", fixture.currentTime()));
        fixture.givenCommands(new StartCall(CALL, "ann", "ben", CallMedia.VIDEO, T0), new AnswerCall(CALL, "ben", T0),
                        new LeaveCall(CALL, "ben", T0))
                .when(new RejoinCall(CALL, "ben", T0))
                .expectEvents(new CallPartyRejoined(CALL, "ben", T0))
                .expectNoScheduledDeadlines();
        fixture.given(STARTED).when(new LeaveCall(CALL, "ben", T0)).expectNoEvents().expectNoScheduledDeadlines();
        fixture.givenCommands(new StartCall(CALL, "ann", "ben", CallMedia.VIDEO, T0), new AnswerCall(CALL, "ben", T0))
                .when(new LeaveCall(CALL, "ben", T0))
                .expectEvents(new CallPartyLeft(CALL, "ben", T0))
                .expectScheduledDeadlineWithName(GRACE, Call.RECONNECT_GRACE);
    }
}
