package io.parley.projections.user;

import io.parley.api.connection.ConnectionQueries.FindConnection;
import io.parley.api.connection.ConnectionQueries.ConnectionList;
import io.parley.api.connection.ConnectionQueries.FindConnections;
import io.parley.api.connection.ConnectionView;
import io.parley.api.user.UserEvents.AvatarChanged;
import io.parley.api.user.UserEvents.ProfileUpdated;
import io.parley.api.user.UserEvents.UserDeleted;
import io.parley.api.user.UserEvents.UserRegistered;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import io.parley.projections.live.LiveUpdates;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The {@code users} read model: one document per user, shaped as {@link UserView}. Deleting a user removes the
 * document, which erases the personal data from the read side. Every change is also emitted to
 * {@link FindUser} subscribers.
 */
@Component
@ProcessingGroup(UserProjection.GROUP)
class UserProjection {

    static final String GROUP = "users";
    static final String COLLECTION = "users";

    private final MongoTemplate mongo;
    private final LiveUpdates live;
    private final QueryGateway queries;

    UserProjection(MongoTemplate mongo, LiveUpdates live, QueryGateway queries) {
        this.mongo = mongo;
        this.live = live;
        this.queries = queries;
    }

    @EventHandler
    void on(UserRegistered event) {
        save(new UserView(event.userId(), event.phone(), event.email(), null, null, null, null, event.at(), event.at()));
    }

    @EventHandler
    void on(ProfileUpdated event) {
        UserView current = mongo.findById(event.userId(), UserView.class, COLLECTION);
        if (current == null) {
            return;
        }
        save(new UserView(current.id(), current.phone(), current.email(), event.name(), event.bio(), current.avatarUrl(),
                event.gender() == null ? null : event.gender().json(), current.createdAt(), event.at()));
        tellConnectionsOfProfileChange(event.userId());
    }

    /** The avatar's URL; a client shows {@code <avatarUrl>/thumbnail} where a small picture will do. */
    @EventHandler
    void on(AvatarChanged event) {
        UserView current = mongo.findById(event.userId(), UserView.class, COLLECTION);
        if (current == null) {
            return;
        }
        save(new UserView(current.id(), current.phone(), current.email(), current.name(), current.bio(),
                event.mediaId() == null ? null : "/api/media/" + event.mediaId(), current.gender(), current.createdAt(), event.at()));
        tellConnectionsOfProfileChange(event.userId());
    }

    @EventHandler
    void on(UserDeleted event) {
        mongo.remove(query(where("_id").is(event.userId())), COLLECTION);
    }

    /** The user's connections show the current profile: their live connection lists get the refreshed entry. */
    private void tellConnectionsOfProfileChange(String userId) {
        List<ConnectionView> connections = queries.query(new FindConnections(userId, null),
                ResponseTypes.instanceOf(ConnectionList.class)).join().connections();
        for (ConnectionView connection : connections) {
            String other = connection.user().id();
            live.changed(FindConnections.class, other, new FindConnection(connection.connectionId(), other), ConnectionView.class);
        }
    }

    /** Empties the read model for a replay; the collections and their indexes stay. */
    @ResetHandler
    void reset() {
        mongo.remove(new Query(), COLLECTION);
    }

    private void save(UserView view) {
        mongo.save(view, COLLECTION);
        live.changed(FindUser.class, view.id(), new FindUser(view.id()), UserView.class);
    }
}
