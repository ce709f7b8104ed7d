package io.parley.app.live;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

import java.security.Principal;

/**
 * Ties live queries to STOMP frames: a SUBSCRIBE to {@code /user/queue/live/...} opens one once the broker has
 * registered the subscription (after the user-destination handler has passed it on), so the snapshot cannot
 * arrive before the subscription exists; UNSUBSCRIBE and the end of the session (DISCONNECT or a dropped socket)
 * close them. Subscriptions to anything but {@code /user/...} destinations are refused.
 */
@Component
public class LiveQueryInterceptor implements ExecutorChannelInterceptor {

    private final LiveQueryGateway gateway;

    LiveQueryInterceptor(LiveQueryGateway gateway) {
        this.gateway = gateway;
    }

    /**
     * Clients subscribe through {@code /user/...} only: a SUBSCRIBE to a broker destination directly (e.g. another
     * session's resolved queue) is dropped and answered with {@code forbidden}.
     */
    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        MessageHeaders headers = message.getHeaders();
        String destination = SimpMessageHeaderAccessor.getDestination(headers);
        if (SimpMessageHeaderAccessor.getMessageType(headers) == SimpMessageType.SUBSCRIBE
                && (destination == null || !destination.startsWith("/user/"))) {
            Principal user = SimpMessageHeaderAccessor.getUser(headers);
            if (user != null) {
                gateway.refuse(user.getName(), SimpMessageHeaderAccessor.getSessionId(headers), destination);
            }
            return null;
        }
        return message;
    }

    /** Reads the headers in place: wrapping every inbound frame's headers in an accessor copied them all. */
    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (!(handler instanceof UserDestinationMessageHandler) || ex != null) {
            return;
        }
        MessageHeaders headers = message.getHeaders();
        SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(headers);
        Principal user = SimpMessageHeaderAccessor.getUser(headers);
        String destination = SimpMessageHeaderAccessor.getDestination(headers);
        String session = SimpMessageHeaderAccessor.getSessionId(headers);
        String subscription = SimpMessageHeaderAccessor.getSubscriptionId(headers);
        if (type == SimpMessageType.SUBSCRIBE && user != null && destination != null
                && destination.startsWith(LiveQueryGateway.PREFIX)) {
            gateway.subscribe(user.getName(), session, subscription, destination);
        } else if (type == SimpMessageType.UNSUBSCRIBE) {
            gateway.unsubscribe(session, subscription);
        }
    }

    @EventListener
    void sessionEnded(SessionDisconnectEvent event) {
        gateway.sessionEnded(event.getSessionId());
    }
}
