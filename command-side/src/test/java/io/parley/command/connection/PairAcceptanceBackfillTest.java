package io.parley.command.connection;

import io.parley.api.connection.ConnectionEvents.ConnectionAccepted;
import io.parley.api.connection.ConnectionEvents.ConnectionRequested;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class PairAcceptanceBackfillTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void pairsOfAcceptedConnectionsAreMarkedAcceptedAndPendingOnesStayAsTheyAre() {
        ConnectionPair accepted = new ConnectionPair("ann", "ben", "c-accepted");
        ConnectionPair pending = new ConnectionPair("ann", "cy", "c-pending");
        ConnectionPairRepository pairs = mock(ConnectionPairRepository.class);
        when(pairs.findByAcceptedFalse()).thenReturn(List.of(accepted, pending));
        EventStore events = mock(EventStore.class);
        when(events.readEvents("c-accepted")).thenAnswer(i -> DomainEventStream.of(
                event("c-accepted", 0, new ConnectionRequested("c-accepted", "ben", "ann", T0)),
                event("c-accepted", 1, new ConnectionAccepted("c-accepted", "ben", "ann", T0))));
        when(events.readEvents("c-pending")).thenAnswer(i -> DomainEventStream.of(
                event("c-pending", 0, new ConnectionRequested("c-pending", "cy", "ann", T0))));
        TransactionTemplate transaction = mock(TransactionTemplate.class);
        doAnswer(i -> {
            i.<java.util.function.Consumer<Object>>getArgument(0).accept(null);
            return null;
        }).when(transaction).executeWithoutResult(any());

        new PairAcceptanceBackfill(pairs, events, transaction).run(null);

        verify(pairs).markAccepted(accepted.pairKey());
        verify(pairs, never()).markAccepted(pending.pairKey());
    }

    private static GenericDomainEventMessage<Object> event(String connectionId, long seq, Object payload) {
        return new GenericDomainEventMessage<>("Connection", connectionId, seq, payload);
    }
}
