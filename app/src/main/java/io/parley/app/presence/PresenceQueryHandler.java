package io.parley.app.presence;

import io.parley.api.presence.PresenceQueries.HasOpenSocket;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Presence as the other sides may ask it: whether a user has a socket open now, on any node. A socket open on this
 * node answers at once; the {@code notifications} projection asks for the members of every chat that has new
 * messages, mostly users connected here. With the in-process Redis stand-in this node is the only one (its pushes are
 * not fanned out either), so its own sockets are the whole answer and an offline user costs no round trip.
 */
@Component
class PresenceQueryHandler {

    private final Presence presence;
    private final PresenceGateway sockets;
    private final boolean onlyNode;

    PresenceQueryHandler(Presence presence, PresenceGateway sockets, @Value("${parley.embedded.redis}") boolean onlyNode) {
        this.presence = presence;
        this.sockets = sockets;
        this.onlyNode = onlyNode;
    }

    @QueryHandler
    Boolean handle(HasOpenSocket query) {
        return sockets.openHere(query.userId()) || !onlyNode && presence.status(query.userId()).online();
    }
}
