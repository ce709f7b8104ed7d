package io.parley.app.socket;

import io.parley.app.infra.RedisChannels;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Pushes reach a user's sockets whichever node holds them (docs/DECISIONS.md "Several nodes"). The messaging
 * template every component is given publishes a push to {@code /user/{id}/...} once, already serialised, on a
 * Redis channel ({@code parley.push.channel}); every node, this one included, hands what it receives to its own
 * broker, which delivers to the sessions it holds. A push addressed to one session (a live query's frames) stays
 * on this node, where that session lives. The embedded default is one node by construction (its Redis stand-in
 * lives in the process), so it delivers straight to its broker.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.embedded.redis", havingValue = "false", matchIfMissing = true)
class PushFanOut {

    @Bean
    @Primary
    SimpMessagingTemplate fanOutMessagingTemplate(@Qualifier("brokerMessagingTemplate") SimpMessagingTemplate local,
                                                  StringRedisTemplate redis,
                                                  @Value("${parley.push.channel:parley:push}") String channel) {
        return new Publishing(local, redis, channel.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One subscription per node. Deliveries run on one thread, in the order Redis relays them, so a user's
     * pushes (e.g. {@code chat:receive} by seq) keep the order in which they were published.
     */
    @Bean
    RedisMessageListenerContainer pushSubscription(RedisConnectionFactory connections,
                                                   @Qualifier("brokerMessagingTemplate") SimpMessagingTemplate local,
                                                   @Value("${parley.push.channel:parley:push}") String channel) {
        return RedisChannels.inOrder(connections, channel, "push-fan-out", (message, pattern) -> deliver(local, message.getBody()));
    }

    /** Wire format: destination, content type, payload; the first two end with a newline. */
    static byte[] encode(String destination, MimeType contentType, byte[] payload) {
        byte[] head = (destination + '\n' + contentType + '\n').getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(head.length + payload.length).put(head).put(payload).array();
    }

    static void deliver(SimpMessagingTemplate local, byte[] body) {
        int first = indexOf(body, 0);
        int second = indexOf(body, first + 1);
        String destination = new String(body, 0, first, StandardCharsets.UTF_8);
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setContentType(MimeTypeUtils.parseMimeType(new String(body, first + 1, second - first - 1, StandardCharsets.UTF_8)));
        headers.setLeaveMutable(true);
        byte[] payload = new byte[body.length - second - 1];
        System.arraycopy(body, second + 1, payload, 0, payload.length);
        local.send(destination, MessageBuilder.createMessage(payload, headers.getMessageHeaders()));
    }

    private static int indexOf(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("Not a fanned-out push");
    }

    /** The application's template: user pushes go through Redis, everything else as the broker's own template. */
    private static final class Publishing extends SimpMessagingTemplate {
        private final StringRedisTemplate redis;
        private final byte[] channel;

        Publishing(SimpMessagingTemplate local, StringRedisTemplate redis, byte[] channel) {
            super(local.getMessageChannel());
            setMessageConverter(local.getMessageConverter());
            setUserDestinationPrefix(local.getUserDestinationPrefix());
            setSendTimeout(local.getSendTimeout());
            setHeaderInitializer(local.getHeaderInitializer());
            this.redis = redis;
            this.channel = channel;
        }

        @Override
        protected void doSend(String destination, Message<?> message) {
            MessageHeaders headers = message.getHeaders();
            if (!destination.startsWith(getUserDestinationPrefix()) || SimpMessageHeaderAccessor.getSessionId(headers) != null
                    || !(message.getPayload() instanceof byte[] payload)) {
                super.doSend(destination, message);
                return;
            }
            MimeType contentType = headers.get(MessageHeaders.CONTENT_TYPE) instanceof MimeType type ? type
                    : MimeTypeUtils.APPLICATION_JSON;
            byte[] push = encode(destination, contentType, payload);
            redis.execute((RedisCallback<Long>) connection -> connection.publish(channel, push));
        }
    }
}
