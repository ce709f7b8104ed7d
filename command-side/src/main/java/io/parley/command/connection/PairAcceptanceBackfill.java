package io.parley.command.connection;

import io.parley.api.connection.ConnectionEvents.ConnectionAccepted;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pair rows written before the pair table recorded acceptance say "not accepted" for connections that were
 * accepted. At start-up every such row is checked once against its connection's own events, the source of truth;
 * rows of pending connections (the only others) cost one short event-stream read each.
 */
@Component
class PairAcceptanceBackfill implements ApplicationRunner {

    private final ConnectionPairRepository pairs;
    private final EventStore events;
    private final TransactionTemplate transaction;

    PairAcceptanceBackfill(ConnectionPairRepository pairs, EventStore events, TransactionTemplate transaction) {
        this.pairs = pairs;
        this.events = events;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        transaction.executeWithoutResult(status -> {
            for (ConnectionPair pair : pairs.findByAcceptedFalse()) {
                if (events.readEvents(pair.connectionId()).asStream()
                        .anyMatch(event -> ConnectionAccepted.class.equals(event.getPayloadType()))) {
                    pairs.markAccepted(pair.pairKey());
                }
            }
        });
    }
}
