package io.parley.command.connection;

import io.parley.api.ErrorCode;
import io.parley.api.TargetId;
import io.parley.api.connection.ConnectionCommands.AcceptConnection;
import io.parley.api.connection.ConnectionCommands.DeclineConnection;
import io.parley.api.connection.ConnectionCommands.RemoveConnection;
import io.parley.api.connection.ConnectionCommands.RequestConnection;
import io.parley.api.connection.ConnectionEvents.ConnectionAccepted;
import io.parley.api.connection.ConnectionEvents.ConnectionDeclined;
import io.parley.api.connection.ConnectionEvents.ConnectionRemoved;
import io.parley.api.connection.ConnectionEvents.ConnectionRequested;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.time.Instant;

import static io.parley.command.DomainErrorMatchers.matchesCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ConnectionTest {

    private static final String ID = "c-1";
    private static final String REQUESTER = "bob";
    private static final String OWNER = "alice";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final ConnectionRequested REQUESTED = new ConnectionRequested(ID, REQUESTER, OWNER, T0);
    private static final ConnectionAccepted ACCEPTED = new ConnectionAccepted(ID, REQUESTER, OWNER, T0.plusSeconds(1));

    private AggregateTestFixture<Connection> fixture;
    private ConnectionPairRepository pairs;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Connection.class);
        fixture.registerCommandTargetResolver(
                AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build());
        pairs = mock(ConnectionPairRepository.class);
        fixture.registerAnnotatedCommandHandler(new ConnectionCommandHandler(fixture.getRepository(), pairs));
    }

    @Test
    void scanningAnotherUsersCodeRequestsAConnectionAndClaimsThePair() {
        fixture.givenNoPriorActivity()
                .when(new RequestConnection(ID, REQUESTER, OWNER, T0))
                .expectEvents(REQUESTED)
                .expectResultMessagePayload(ID);
        verify(pairs).insert(new ConnectionPair(REQUESTER, OWNER, ID));
    }

    @Test
    void scanningOnesOwnCodeIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RequestConnection(ID, OWNER, OWNER, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.SELF_CONNECTION, null));
        verify(pairs, never()).insert(any());
    }

    @Test
    void aPairWithALiveConnectionCannotConnectAgain() {
        when(pairs.existsById(ConnectionPair.key(OWNER, REQUESTER))).thenReturn(true);
        fixture.givenNoPriorActivity()
                .when(new RequestConnection(ID, REQUESTER, OWNER, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.CONNECTION_EXISTS, null));
    }

    @Test
    void twoRequestsRacingForOnePairCreateOneConnection() {
        doThrow(new DataIntegrityViolationException("duplicate key")).when(pairs).insert(any());
        fixture.givenNoPriorActivity()
                .when(new RequestConnection(ID, REQUESTER, OWNER, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.CONNECTION_EXISTS, null));
    }

    @Test
    void theOwnerAcceptsOnceAndAcceptingAgainRecordsNothing() {
        fixture.given(REQUESTED)
                .when(new AcceptConnection(ID, OWNER, T0.plusSeconds(1)))
                .expectEvents(ACCEPTED);
        verify(pairs).markAccepted(ConnectionPair.key(REQUESTER, OWNER));
        fixture.given(REQUESTED, ACCEPTED)
                .when(new AcceptConnection(ID, OWNER, T0.plusSeconds(2)))
                .expectNoEvents()
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void onlyTheOwnerAnswersAndStrangersDoNotSeeTheConnection() {
        fixture.given(REQUESTED)
                .when(new AcceptConnection(ID, REQUESTER, T0))
                .expectException(matchesCode(ErrorCode.FORBIDDEN, null));
        fixture.given(REQUESTED)
                .when(new DeclineConnection(ID, REQUESTER, T0))
                .expectException(matchesCode(ErrorCode.FORBIDDEN, null));
        fixture.given(REQUESTED)
                .when(new AcceptConnection(ID, "mallory", T0))
                .expectException(matchesCode(ErrorCode.CONNECTION_NOT_FOUND, null));
        fixture.given(REQUESTED)
                .when(new RemoveConnection(ID, "mallory", T0))
                .expectException(matchesCode(ErrorCode.CONNECTION_NOT_FOUND, null));
    }

    @Test
    void declineEndsAPendingRequestAndFreesThePair() {
        fixture.given(REQUESTED)
                .when(new DeclineConnection(ID, OWNER, T0.plusSeconds(1)))
                .expectEvents(new ConnectionDeclined(ID, REQUESTER, OWNER, T0.plusSeconds(1)));
        verify(pairs).deleteById(ConnectionPair.key(REQUESTER, OWNER));
    }

    @Test
    void anAnsweredRequestCannotBeAnsweredOtherwise() {
        fixture.given(REQUESTED, ACCEPTED)
                .when(new DeclineConnection(ID, OWNER, T0.plusSeconds(2)))
                .expectException(matchesCode(ErrorCode.CONNECTION_NOT_PENDING, null));
        fixture.given(REQUESTED, new ConnectionDeclined(ID, REQUESTER, OWNER, T0))
                .when(new AcceptConnection(ID, OWNER, T0.plusSeconds(2)))
                .expectException(matchesCode(ErrorCode.CONNECTION_NOT_PENDING, null));
    }

    @Test
    void eitherSideRemovesAndThePairIsFreedForALaterConnection() {
        fixture.given(REQUESTED, ACCEPTED)
                .when(new RemoveConnection(ID, REQUESTER, T0.plusSeconds(2)))
                .expectEvents(new ConnectionRemoved(ID, REQUESTER, OWNER, REQUESTER, T0.plusSeconds(2)));
        fixture.given(REQUESTED, ACCEPTED)
                .when(new RemoveConnection(ID, OWNER, T0.plusSeconds(2)))
                .expectEvents(new ConnectionRemoved(ID, REQUESTER, OWNER, OWNER, T0.plusSeconds(2)));
        verify(pairs, org.mockito.Mockito.times(2)).deleteById(ConnectionPair.key(REQUESTER, OWNER));
    }

    @Test
    void anEndedConnectionCannotBeRemoved() {
        fixture.given(REQUESTED, ACCEPTED, new ConnectionRemoved(ID, REQUESTER, OWNER, OWNER, T0))
                .when(new RemoveConnection(ID, REQUESTER, T0.plusSeconds(3)))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.CONNECTION_NOT_FOUND, null));
    }
}
