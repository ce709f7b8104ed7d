package io.parley.command.connection;

import io.parley.api.ErrorCode;
import io.parley.api.connection.ConnectionCommands.AcceptConnection;
import io.parley.api.connection.ConnectionCommands.DeclineConnection;
import io.parley.api.connection.ConnectionCommands.RemoveConnection;
import io.parley.api.connection.ConnectionCommands.RequestConnection;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * The commands of connections: they claim, accept or free the pair's row in the same transaction as the
 * connection's events, so two requests between the same users can never both create a connection and the
 * pair table always says who may chat.
 */
@Component
class ConnectionCommandHandler {

    private final Repository<Connection> connections;
    private final ConnectionPairRepository pairs;

    ConnectionCommandHandler(Repository<Connection> connections, ConnectionPairRepository pairs) {
        this.connections = connections;
        this.pairs = pairs;
    }

    @CommandHandler
    String handle(RequestConnection command) throws Exception {
        if (command.requesterId().equals(command.ownerId())) {
            throw ErrorCode.SELF_CONNECTION.exception("You cannot connect to yourself.");
        }
        if (pairs.existsById(ConnectionPair.key(command.requesterId(), command.ownerId()))) {
            throw exists();
        }
        try {
            pairs.insert(new ConnectionPair(command.requesterId(), command.ownerId(), command.connectionId()));
        } catch (DataIntegrityViolationException race) {
            throw exists();
        }
        connections.newInstance(() -> new Connection(command));
        return command.connectionId();
    }

    @CommandHandler
    void handle(AcceptConnection command) {
        Aggregate<Connection> connection = connections.load(command.connectionId());
        connection.execute(c -> c.accept(command));
        connection.execute(c -> pairs.markAccepted(ConnectionPair.key(c.requesterId(), c.ownerId())));
    }

    @CommandHandler
    void handle(DeclineConnection command) {
        Aggregate<Connection> connection = connections.load(command.connectionId());
        connection.execute(c -> c.decline(command));
        free(connection);
    }

    @CommandHandler
    void handle(RemoveConnection command) {
        Aggregate<Connection> connection = connections.load(command.connectionId());
        connection.execute(c -> c.remove(command));
        free(connection);
    }

    private void free(Aggregate<Connection> connection) {
        connection.execute(c -> pairs.deleteById(ConnectionPair.key(c.requesterId(), c.ownerId())));
    }

    private static RuntimeException exists() {
        return ErrorCode.CONNECTION_EXISTS.exception("You are already connected or a request is pending.");
    }
}
