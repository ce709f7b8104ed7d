package io.parley.projections.push;

import io.parley.api.push.SocketEvent;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pushes to a user's sockets, from projections, after their read model is written. Events older than
 * {@code parley.push.max-age} are not pushed: a projection catching up or replaying must not replay history
 * at connected clients (they read it over REST instead).
 */
@Component
public class SocketPush {

    private final SimpMessagingTemplate sockets;
    private final Clock clock;
    private final Duration maxAge;

    SocketPush(SimpMessagingTemplate sockets, Clock clock, @Value("${parley.push.max-age:60s}") Duration maxAge) {
        this.sockets = sockets;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** Sends {@code data} (computed only when the push happens; null sends nothing) to the user's sockets. */
    public void push(EventMessage<?> cause, String userId, String type, Supplier<?> data) {
        if (cause.getTimestamp().isBefore(clock.instant().minus(maxAge))) {
            return;
        }
        Object payload = data.get();
        if (payload != null) {
            sockets.convertAndSendToUser(userId, "/queue/events", new SocketEvent(type, payload, clock.instant()));
        }
    }
}
