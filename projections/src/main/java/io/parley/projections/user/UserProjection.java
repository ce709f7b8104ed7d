package io.parley.projections.user;

import io.parley.api.user.UserEvents.ProfileUpdated;
import io.parley.api.user.UserEvents.UserDeleted;
import io.parley.api.user.UserEvents.UserRegistered;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

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
    private final QueryUpdateEmitter updates;

    UserProjection(MongoTemplate mongo, QueryUpdateEmitter updates) {
        this.mongo = mongo;
        this.updates = updates;
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
    }

    @EventHandler
    void on(UserDeleted event) {
        mongo.remove(query(where("_id").is(event.userId())), COLLECTION);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(COLLECTION);
    }

    private void save(UserView view) {
        mongo.save(view, COLLECTION);
        updates.emit(FindUser.class, query -> query.userId().equals(view.id()), view);
    }
}
