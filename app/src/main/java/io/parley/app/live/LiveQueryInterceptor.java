package io.parley.app.live;

import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
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
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        String destination = stomp.getDestination();
        if (StompCommand.SUBSCRIBE.equals(stomp.getCommand()) && (destination == null || !destination.startsWith("/user/"))) {
            Principal user = stomp.getUser();
            if (user != null) {
                gateway.refuse(user.getName(), stomp.getSessionId(), destination);
            }
            return null;
        }
        return message;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        if (!(handler instanceof UserDestinationMessageHandler) || ex != null) {
            return;
        }
        StompHeaderAccessor stomp = StompHeaderAccessor.wrap(message);
        Principal user = stomp.getUser();
        if (StompCommand.SUBSCRIBE.equals(stomp.getCommand()) && user != null && stomp.getDestination() != null
                && stomp.getDestination().startsWith(LiveQueryGateway.PREFIX)) {
            gateway.subscribe(user.getName(), stomp.getSessionId(), stomp.getSubscriptionId(), stomp.getDestination());
        } else if (StompCommand.UNSUBSCRIBE.equals(stomp.getCommand())) {
            gateway.unsubscribe(stomp.getSessionId(), stomp.getSubscriptionId());
        }
    }

    @EventListener
    void sessionEnded(SessionDisconnectEvent event) {
        gateway.sessionEnded(event.getSessionId());
    }
}
