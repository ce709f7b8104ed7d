package io.parley.command.connection;

import io.parley.api.ErrorCode;
import io.parley.api.connection.ConnectionCommands.AcceptConnection;
import io.parley.api.connection.ConnectionCommands.DeclineConnection;
import io.parley.api.connection.ConnectionCommands.RemoveConnection;
import io.parley.api.connection.ConnectionCommands.RequestConnection;
import io.parley.api.connection.ConnectionEvents.ConnectionAccepted;
import io.parley.api.connection.ConnectionEvents.ConnectionDeclined;
import io.parley.api.connection.ConnectionEvents.ConnectionRemoved;
import io.parley.api.connection.ConnectionEvents.ConnectionRequested;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One link between two users: requested (by scanning the owner's QR code) → pending → accepted | declined;
 * pending or accepted → removed. Only the QR owner answers a request; either side removes. Every command goes
 * through {@link ConnectionCommandHandler}, which keeps the pair table in step.
 */
@Aggregate(commandTargetResolver = "parleyCommandTargetResolver")
class Connection {

    enum Status { PENDING, ACCEPTED, DECLINED, REMOVED }

    @AggregateIdentifier
    private String connectionId;
    private String requesterId;
    private String ownerId;
    private Status status;

    Connection() {
    }

    Connection(RequestConnection command) {
        apply(new ConnectionRequested(command.connectionId(), command.requesterId(), command.ownerId(), command.at()));
    }

    /** Accepting twice is harmless: the second time records nothing. */
    void accept(AcceptConnection command) {
        requireOwner(command.userId());
        if (status == Status.ACCEPTED) {
            return;
        }
        requirePending();
        apply(new ConnectionAccepted(connectionId, requesterId, ownerId, command.at()));
    }

    void decline(DeclineConnection command) {
        requireOwner(command.userId());
        requirePending();
        apply(new ConnectionDeclined(connectionId, requesterId, ownerId, command.at()));
    }

    void remove(RemoveConnection command) {
        requireParty(command.userId());
        if (status != Status.PENDING && status != Status.ACCEPTED) {
            throw notFound();
        }
        apply(new ConnectionRemoved(connectionId, requesterId, ownerId, command.userId(), command.at()));
    }

    String requesterId() {
        return requesterId;
    }

    String ownerId() {
        return ownerId;
    }

    @EventSourcingHandler
    void on(ConnectionRequested event) {
        connectionId = event.connectionId();
        requesterId = event.requesterId();
        ownerId = event.ownerId();
        status = Status.PENDING;
    }

    @EventSourcingHandler
    void on(ConnectionAccepted event) {
        status = Status.ACCEPTED;
    }

    @EventSourcingHandler
    void on(ConnectionDeclined event) {
        status = Status.DECLINED;
    }

    @EventSourcingHandler
    void on(ConnectionRemoved event) {
        status = Status.REMOVED;
    }

    private void requireParty(String userId) {
        if (!userId.equals(requesterId) && !userId.equals(ownerId)) {
            throw notFound();
        }
    }

    private void requireOwner(String userId) {
        requireParty(userId);
        if (!userId.equals(ownerId)) {
            throw ErrorCode.FORBIDDEN.exception("Only the owner of the scanned QR code answers the request.");
        }
    }

    private void requirePending() {
        if (status != Status.PENDING) {
            throw ErrorCode.CONNECTION_NOT_PENDING.exception("The connection is " + status.name().toLowerCase() + ".");
        }
    }

    private static RuntimeException notFound() {
        return ErrorCode.CONNECTION_NOT_FOUND.exception("No such connection.");
    }
}
