package io.parley.app.presence;

import io.parley.api.presence.PresenceQueries.HasOpenSocket;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Presence as the other sides may ask it: whether a user has a socket open now, on any node. */
@Component
class PresenceQueryHandler {

    private final Presence presence;

    PresenceQueryHandler(Presence presence) {
        this.presence = presence;
    }

    @QueryHandler
    Boolean handle(HasOpenSocket query) {
        return presence.status(query.userId()).online();
    }
}
