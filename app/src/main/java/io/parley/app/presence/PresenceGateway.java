package io.parley.app.presence;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.connection.ConnectionQueries.ConnectionList;
import io.parley.api.connection.ConnectionQueries.FindConnections;
import io.parley.api.connection.ConnectionView;
import io.parley.api.push.SocketEvent;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.AbstractSubProtocolEvent;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns this node's socket sessions into presence: registers them in {@link Presence}, keeps them fresh, and
 * tells the user's accepted connections when the user comes online or goes offline.
 */
@Component
class PresenceGateway {

    /** The data of {@code user:online} / {@code user:offline}. */
    record Seen(String userId, Instant lastSeen) {
    }

    private final Presence presence;
    private final SimpMessagingTemplate sockets;
    private final QueryGateway queries;
    private final Clock clock;
    /** This node's open sessions: session id → user id. */
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    /** How many of this node's open sessions each user has. */
    private final Map<String, Integer> sessionsOfUser = new ConcurrentHashMap<>();

    PresenceGateway(Presence presence, SimpMessagingTemplate sockets, QueryGateway queries, Clock clock,
                    MeterRegistry meters) {
        this.presence = presence;
        this.sockets = sockets;
        this.queries = queries;
        this.clock = clock;
        Gauge.builder("parley.sockets.connected", sessions, Map::size)
                .description("Open STOMP sessions on this node").register(meters);
    }

    @EventListener
    void connected(SessionConnectedEvent event) {
        String userId = userId(event);
        String sessionId = StompHeaderAccessor.wrap(event.getMessage()).getSessionId();
        if (userId == null || sessionId == null) {
            return;
        }
        if (sessions.put(sessionId, userId) == null) {
            sessionsOfUser.merge(userId, 1, Integer::sum);
        }
        if (presence.connect(userId, sessionId)) {
            tellConnections("user:online", presence.status(userId));
        }
    }

    @EventListener
    void disconnected(SessionDisconnectEvent event) {
        String userId = sessions.remove(event.getSessionId());
        if (userId == null) {
            return;
        }
        sessionsOfUser.computeIfPresent(userId, (user, open) -> open == 1 ? null : open - 1);
        if (presence.disconnect(userId, event.getSessionId())) {
            tellConnections("user:offline", presence.status(userId));
        }
    }

    /** Whether the user has a socket open on this node, which needs no round trip to Redis. */
    boolean openHere(String userId) {
        return sessionsOfUser.containsKey(userId);
    }

    /**
     * Refreshes this node's sessions, then tells the connections of users whose sessions all lapsed that they are
     * offline: users whose node crashed, which told nobody. Every node sweeps; each such user is told once.
     */
    @Scheduled(fixedDelayString = "${parley.presence.refresh-every:15s}")
    void refresh() {
        presence.refresh(sessions);
        presence.sweepLapsed().forEach(lapsed -> tellConnections("user:offline", lapsed));
    }

    private void tellConnections(String type, Presence.Status status) {
        List<ConnectionView> connections = queries.query(new FindConnections(status.userId(), "accepted"),
                ResponseTypes.instanceOf(ConnectionList.class)).join().connections();
        SocketEvent push = new SocketEvent(type, new Seen(status.userId(), status.lastSeen()), clock.instant());
        connections.forEach(c -> sockets.convertAndSendToUser(c.user().id(), "/queue/events", push));
    }

    private static String userId(AbstractSubProtocolEvent event) {
        Principal user = event.getUser();
        return user == null ? null : user.getName();
    }
}
