package io.parley.app.observability;

import org.slf4j.MDC;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;

/**
 * The STOMP counterpart of {@link CorrelationIdFilter}: each inbound frame gets one correlation id (its
 * {@code X-Correlation-Id} header when valid) and every handler of the frame runs with it in the MDC, so the
 * commands it sends carry it too.
 */
public class StompCorrelationInterceptor implements ExecutorChannelInterceptor {

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp != null && stomp.isMutable() && stomp.getCommand() != null) {
            stomp.setHeader(CorrelationId.KEY, CorrelationId.orNew(stomp.getFirstNativeHeader(CorrelationId.HEADER)));
        }
        return message;
    }

    @Override
    public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
        if (message.getHeaders().get(CorrelationId.KEY) instanceof String id) {
            MDC.put(CorrelationId.KEY, id);
        }
        return message;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler, Exception ex) {
        MDC.remove(CorrelationId.KEY);
    }
}
