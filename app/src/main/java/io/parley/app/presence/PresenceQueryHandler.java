package io.parley.app.presence;

import io.parley.api.presence.PresenceQueries.HasOpenSocket;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/**
 * Presence as the other sides may ask it: whether a user has a socket open now, on any node. A socket open on this
 * node answers at once; the {@code notifications} projection asks for the members of every chat that has new
 * messages, mostly users connected here.
 */
@Component
class PresenceQueryHandler {

    private final Presence presence;
    private final PresenceGateway sockets;

    PresenceQueryHandler(Presence presence, PresenceGateway sockets) {
        this.presence = presence;
        this.sockets = sockets;
    }

    @QueryHandler
    Boolean handle(HasOpenSocket query) {
        return sockets.openHere(query.userId()) || presence.status(query.userId()).online();
    }
}
