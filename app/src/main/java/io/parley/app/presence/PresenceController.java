package io.parley.app.presence;

import io.parley.api.ErrorCode;
import io.parley.api.connection.ConnectionQueries.FindConnectionBetween;
import io.parley.api.connection.ConnectionView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;

/** API.md "Presence": for oneself and one's accepted connections; anyone else is 403. */
@RestController
class PresenceController {

    private final Presence presence;
    private final QueryGateway queries;

    PresenceController(Presence presence, QueryGateway queries) {
        this.presence = presence;
        this.queries = queries;
    }

    @GetMapping("/api/presence/{userId}")
    Presence.Status presence(@PathVariable String userId, Principal principal) {
        if (!userId.equals(principal.getName())) {
            ConnectionView connection = queries.query(new FindConnectionBetween(principal.getName(), userId),
                    ResponseTypes.instanceOf(ConnectionView.class)).join();
            if (connection == null || !connection.accepted()) {
                throw ErrorCode.FORBIDDEN.exception("Presence is visible to connections only.");
            }
        }
        return presence.status(userId);
    }
}
