package io.parley.projections.connection;

import io.parley.api.connection.ConnectionEvents.ConnectionAccepted;
import io.parley.api.connection.ConnectionEvents.ConnectionDeclined;
import io.parley.api.connection.ConnectionEvents.ConnectionRemoved;
import io.parley.api.connection.ConnectionEvents.ConnectionRequested;
import io.parley.api.connection.ConnectionQueries.FindConnection;
import io.parley.api.connection.ConnectionQueries.FindConnections;
import io.parley.api.connection.ConnectionView;
import io.parley.projections.live.LiveUpdates;
import io.parley.projections.push.SocketPush;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The {@code connections} read model: one document per connection and party ({@code _id = connectionId:userId}),
 * holding that party's direction, the other user and the status. The other user's profile is joined when read,
 * so it is always current. After writing, the other party's sockets get the change as the read side shows it.
 */
@Component
@ProcessingGroup("connections")
class ConnectionProjection {

    static final String COLLECTION = "connections";

    private final MongoTemplate mongo;
    private final QueryGateway queries;
    private final SocketPush push;
    private final LiveUpdates updates;

    ConnectionProjection(MongoTemplate mongo, QueryGateway queries, SocketPush push, LiveUpdates updates) {
        this.mongo = mongo;
        this.queries = queries;
        this.push = push;
        this.updates = updates;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("userId", Sort.Direction.ASC).on("updatedAt", Sort.Direction.DESC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("userId", Sort.Direction.ASC).on("otherUserId", Sort.Direction.ASC));
    }

    @EventHandler
    void on(ConnectionRequested event, EventMessage<?> message) {
        insert(event.connectionId(), event.requesterId(), event.ownerId(), "outgoing", event.at());
        insert(event.connectionId(), event.ownerId(), event.requesterId(), "incoming", event.at());
        emitToBoth(event.connectionId(), event.requesterId(), event.ownerId());
        pushTo(message, event.ownerId(), event.connectionId(), "connection:request");
    }

    @EventHandler
    void on(ConnectionAccepted event, EventMessage<?> message) {
        setStatus(event.connectionId(), "accepted", event.at());
        emitToBoth(event.connectionId(), event.requesterId(), event.ownerId());
        pushTo(message, event.requesterId(), event.connectionId(), "connection:accepted");
    }

    @EventHandler
    void on(ConnectionDeclined event) {
        setStatus(event.connectionId(), "declined", event.at());
        emitToBoth(event.connectionId(), event.requesterId(), event.ownerId());
    }

    @EventHandler
    void on(ConnectionRemoved event, EventMessage<?> message) {
        setStatus(event.connectionId(), "removed", event.at());
        emitToBoth(event.connectionId(), event.requesterId(), event.ownerId());
        String other = event.removedBy().equals(event.ownerId()) ? event.requesterId() : event.ownerId();
        pushTo(message, other, event.connectionId(), "connection:removed");
    }

    /** Empties the read model for a replay; the collections and their indexes stay. */
    @ResetHandler
    void reset() {
        mongo.remove(new Query(), COLLECTION);
    }

    private void insert(String connectionId, String userId, String otherUserId, String direction, Instant at) {
        mongo.save(new Document("_id", connectionId + ":" + userId)
                .append("connectionId", connectionId)
                .append("userId", userId)
                .append("otherUserId", otherUserId)
                .append("direction", direction)
                .append("status", "pending")
                .append("createdAt", at)
                .append("updatedAt", at), COLLECTION);
    }

    private void setStatus(String connectionId, String status, Instant at) {
        mongo.updateMulti(query(where("connectionId").is(connectionId)),
                new Update().set("status", status).set("updatedAt", at), COLLECTION);
    }

    /** Live connection lists ({@link FindConnections} subscribers) of both parties get the changed connection. */
    private void emitToBoth(String connectionId, String requesterId, String ownerId) {
        for (String party : new String[]{requesterId, ownerId}) {
            updates.changed(FindConnections.class, party, new FindConnection(connectionId, party), ConnectionView.class);
        }
    }

    private void pushTo(EventMessage<?> cause, String userId, String connectionId, String type) {
        push.push(cause, userId, type, () -> queries.query(new FindConnection(connectionId, userId),
                ResponseTypes.instanceOf(ConnectionView.class)).join());
    }
}
