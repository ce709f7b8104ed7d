package io.parley.projections.status;

import io.parley.api.connection.ConnectionEvents.ConnectionAccepted;
import io.parley.api.connection.ConnectionEvents.ConnectionRemoved;
import io.parley.api.media.MediaEvents.MediaDeleted;
import io.parley.api.status.StatusEvents.StatusDeleted;
import io.parley.api.status.StatusEvents.StatusExpired;
import io.parley.api.status.StatusEvents.StatusPosted;
import io.parley.api.status.StatusEvents.StatusViewed;
import io.parley.api.status.StatusQueries.FeedEntry;
import io.parley.api.status.StatusQueries.FindFeedEntry;
import io.parley.api.status.StatusQueries.FindStatusAudience;
import io.parley.api.status.StatusQueries.FindStatusFeed;
import io.parley.api.status.StatusQueries.StatusAudience;
import io.parley.api.user.UserEvents.UserDeleted;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import io.parley.projections.live.LiveUpdates;
import io.parley.projections.push.SocketPush;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The {@code statuses} read model: one document per live status with its audience rule and its viewers (who and
 * when), and the accepted connections ({@code status_connections}). Who is in the audience is decided when read, from
 * the owner's connections then (the query side's {@link FindStatusAudience}). After each change the audience's sockets get {@code status:new} or
 * {@code status:removed}, the owner {@code status:view}, and live feeds the owner's changed entry.
 */
@Component
@ProcessingGroup(StatusProjection.GROUP)
class StatusProjection {

    static final String GROUP = "statuses";
    static final String COLLECTION = "statuses";
    /** Accepted connections, kept here so that an audience is decided in this projection's own order of events. */
    static final String CONNECTIONS = "status_connections";

    private final MongoTemplate mongo;
    private final QueryGateway queries;
    private final SocketPush push;
    private final LiveUpdates updates;

    StatusProjection(MongoTemplate mongo, QueryGateway queries, SocketPush push, LiveUpdates updates) {
        this.mongo = mongo;
        this.queries = queries;
        this.push = push;
        this.updates = updates;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("ownerId", Sort.Direction.ASC).on("createdAt", Sort.Direction.ASC));
        mongo.indexOps(COLLECTION).createIndex(new Index().on("mediaId", Sort.Direction.ASC));
        mongo.indexOps(CONNECTIONS).createIndex(new Index().on("userId", Sort.Direction.ASC));
    }

    @EventHandler
    void on(StatusPosted event, EventMessage<?> message) {
        mongo.save(new Document("_id", event.statusId())
                .append("statusId", event.statusId())
                .append("ownerId", event.ownerId())
                .append("type", event.type().json())
                .append("text", event.text())
                .append("backgroundColor", event.backgroundColor())
                .append("caption", event.caption())
                .append("mediaId", event.mediaId())
                .append("audienceMode", event.audienceMode().json())
                .append("audienceIds", event.audienceIds())
                .append("createdAt", Date.from(event.createdAt()))
                .append("expiresAt", Date.from(event.expiresAt()))
                .append("viewers", List.of()), COLLECTION);
        StatusAudience audience = audience(event.statusId());
        if (audience != null) {
            push.push(message, audience.userIds(), "status:new", audience::status);
            feedsChanged(audience.userIds(), event.ownerId());
        }
    }

    @EventHandler
    void on(StatusViewed event, EventMessage<?> message) {
        mongo.updateFirst(query(where("_id").is(event.statusId())),
                new Update().push("viewers", new Document("userId", event.viewerId()).append("viewedAt", Date.from(event.at()))),
                COLLECTION);
        push.push(message, event.ownerId(), "status:view", () -> Map.of("statusId", event.statusId(),
                "user", viewer(event.viewerId()), "viewedAt", event.at()));
        feedsChanged(List.of(event.viewerId()), event.ownerId());
    }

    @EventHandler
    void on(StatusDeleted event, EventMessage<?> message) {
        removed(message, event.statusId(), event.ownerId());
    }

    @EventHandler
    void on(StatusExpired event, EventMessage<?> message) {
        removed(message, event.statusId(), event.ownerId());
    }

    /** A deleted account's statuses go with it, and so do its connections. */
    @EventHandler
    void on(UserDeleted event, EventMessage<?> message) {
        mongo.find(query(where("ownerId").is(event.userId())), Document.class, COLLECTION)
                .forEach(status -> removed(message, status.getString("_id"), event.userId()));
        mongo.remove(query(new Criteria().orOperator(where("userId").is(event.userId()), where("otherUserId").is(event.userId()))),
                CONNECTIONS);
    }

    /** API.md "Media": statuses whose media was deleted show {@code media: null}. */
    @EventHandler
    void on(MediaDeleted event) {
        mongo.updateMulti(query(where("mediaId").is(event.mediaId())), new Update().set("mediaId", null), COLLECTION);
    }

    /** A new connection sees the other's statuses from now on, a removed one no longer: both live feeds change. */
    @EventHandler
    void on(ConnectionAccepted event) {
        for (String[] pair : pairs(event.requesterId(), event.ownerId())) {
            mongo.save(new Document("_id", pair[0] + ":" + pair[1]).append("userId", pair[0]).append("otherUserId", pair[1]), CONNECTIONS);
        }
        feedsChanged(List.of(event.requesterId()), event.ownerId());
        feedsChanged(List.of(event.ownerId()), event.requesterId());
    }

    @EventHandler
    void on(ConnectionRemoved event) {
        for (String[] pair : pairs(event.requesterId(), event.ownerId())) {
            mongo.remove(query(where("_id").is(pair[0] + ":" + pair[1])), CONNECTIONS);
        }
        feedsChanged(List.of(event.requesterId()), event.ownerId());
        feedsChanged(List.of(event.ownerId()), event.requesterId());
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), COLLECTION);
        mongo.remove(new Query(), CONNECTIONS);
    }

    private static List<String[]> pairs(String a, String b) {
        return List.of(new String[]{a, b}, new String[]{b, a});
    }

    /** Its audience, asked before the status goes, gets {@code status:removed} and the owner's entry without it. */
    private void removed(EventMessage<?> cause, String statusId, String ownerId) {
        StatusAudience audience = audience(statusId);
        mongo.remove(query(where("_id").is(statusId)), COLLECTION);
        if (audience != null) {
            push.push(cause, audience.userIds(), "status:removed", () -> Map.of("statusId", statusId, "ownerId", ownerId));
            feedsChanged(audience.userIds(), ownerId);
        }
    }

    private StatusAudience audience(String statusId) {
        return queries.query(new FindStatusAudience(statusId), ResponseTypes.instanceOf(StatusAudience.class)).join();
    }

    private Object viewer(String userId) {
        UserView user = queries.query(new FindUser(userId), ResponseTypes.instanceOf(UserView.class)).join();
        return user == null ? Map.of("id", userId) : user.publicView();
    }

    private void feedsChanged(List<String> viewers, String ownerId) {
        viewers.forEach(viewer -> updates.changed(FindStatusFeed.class, viewer, new FindFeedEntry(viewer, ownerId), FeedEntry.class));
    }
}
