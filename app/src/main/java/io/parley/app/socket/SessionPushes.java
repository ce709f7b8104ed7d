package io.parley.app.socket;

import io.parley.api.push.SocketEvent;
import io.parley.app.infra.RedisChannels;
import io.parley.command.call.CallPushes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * Pushes addressed by session ({@link CallPushes}): to one session, or to all of a user's but one. Each node delivers
 * to the sessions it holds (its own user registry); with several nodes a push goes out once on a Redis channel
 * ({@code <parley.push.channel>:sessions}) and every node delivers its share. The embedded default is one node.
 */
@Configuration(proxyBeanMethods = false)
class SessionPushes {

    private static final Logger log = LoggerFactory.getLogger(SessionPushes.class);

    /** Delivers to this node's sessions of the user: {@code session} only, or all but {@code except}. */
    record Local(SimpMessagingTemplate broker, SimpUserRegistry users) {

        /**
         * Only to sessions this node holds: Spring's user destination resolver sends a push for a session it does not
         * know to all the user's sessions instead.
         */
        void deliver(String userId, String session, String except, Object event) {
            SimpUser user = users.getUser(userId);
            if (user == null) {
                return;
            }
            user.getSessions().stream()
                    .filter(s -> session != null ? s.getId().equals(session) : !s.getId().equals(except))
                    .forEach(s -> broker.convertAndSendToUser(userId, "/queue/events", event, headersFor(s.getId())));
        }

        private static Map<String, Object> headersFor(String sessionId) {
            SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
            headers.setSessionId(sessionId);
            headers.setLeaveMutable(true);
            return headers.getMessageHeaders();
        }
    }

    /** What every addressed push shares: the user-wide pushes go through the application's template. */
    private abstract static class Base implements CallPushes {
        private final SimpMessagingTemplate sockets;
        final Clock clock;

        Base(SimpMessagingTemplate sockets, Clock clock) {
            this.sockets = sockets;
            this.clock = clock;
        }

        @Override
        public void toUser(String userId, String type, Object data) {
            sockets.convertAndSendToUser(userId, "/queue/events", new SocketEvent(type, data, clock.instant()));
        }

        @Override
        public void toSession(String userId, String sessionId, String type, Object data) {
            addressed(userId, sessionId, null, new SocketEvent(type, data, clock.instant()));
        }

        @Override
        public void toUserExcept(String userId, String exceptSessionId, String type, Object data) {
            addressed(userId, null, exceptSessionId, new SocketEvent(type, data, clock.instant()));
        }

        abstract void addressed(String userId, String session, String except, SocketEvent event);
    }

    @Bean
    @ConditionalOnProperty(name = "parley.embedded.redis", havingValue = "true")
    CallPushes localSessionPushes(SimpMessagingTemplate sockets, @Qualifier("brokerMessagingTemplate") SimpMessagingTemplate broker,
                                  SimpUserRegistry users, Clock clock) {
        Local local = new Local(broker, users);
        return new Base(sockets, clock) {
            @Override
            void addressed(String userId, String session, String except, SocketEvent event) {
                local.deliver(userId, session, except, event);
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = "parley.embedded.redis", havingValue = "false", matchIfMissing = true)
    CallPushes fannedSessionPushes(SimpMessagingTemplate sockets, StringRedisTemplate redis, JsonMapper json, Clock clock,
                                   @Value("${parley.push.channel:parley:push}") String channel) {
        return new Base(sockets, clock) {
            @Override
            void addressed(String userId, String session, String except, SocketEvent event) {
                ObjectNode push = json.createObjectNode();
                push.put("userId", userId);
                push.put("session", session);
                push.put("except", except);
                push.set("event", json.valueToTree(event));
                redis.convertAndSend(channel + ":sessions", json.writeValueAsString(push));
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = "parley.embedded.redis", havingValue = "false", matchIfMissing = true)
    RedisMessageListenerContainer sessionPushSubscription(RedisConnectionFactory connections, JsonMapper json,
                                                          @Qualifier("brokerMessagingTemplate") SimpMessagingTemplate broker,
                                                          SimpUserRegistry users,
                                                          @Value("${parley.push.channel:parley:push}") String channel) {
        Local local = new Local(broker, users);
        return RedisChannels.inOrder(connections, channel + ":sessions", "session-push-fan-out", (message, pattern) -> {
            try {
                JsonNode push = json.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
                local.deliver(push.path("userId").asString(), text(push, "session"), text(push, "except"), push.path("event"));
            } catch (RuntimeException e) {
                log.warn("A session push could not be delivered", e);
            }
        });
    }

    private static String text(JsonNode push, String field) {
        return push.path(field).isNull() || push.path(field).isMissingNode() ? null : push.path(field).asString();
    }
}
