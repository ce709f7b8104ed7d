package io.parley.app.live;

import io.parley.app.infra.RedisChannels;
import io.parley.projections.live.LiveChange;
import io.parley.projections.live.LiveChangeFanOut;
import io.parley.projections.live.LiveUpdates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * Live-query changes reach every node (docs/DECISIONS.md "Several nodes"): announced once on a Redis channel
 * ({@code parley.live.channel}), and every node, this one included, applies what arrives to the subscriptions it
 * holds. Like the push fan-out, not on the embedded default, one node by construction. A change names its classes:
 * only shared-api's ({@code io.parley.api.}) are accepted from the channel.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "parley.embedded.redis", havingValue = "false", matchIfMissing = true)
class LiveChangeRelay {

    private static final Logger log = LoggerFactory.getLogger(LiveChangeRelay.class);
    private static final String SHARED_API = "io.parley.api.";

    @Bean
    LiveChangeFanOut liveChangeFanOut(StringRedisTemplate redis, JsonMapper json,
                                      @Value("${parley.live.channel:parley:live}") String channel) {
        return change -> redis.convertAndSend(channel, encode(json, change));
    }

    /** One subscription per node; changes are applied on one thread, in the order Redis relays them. */
    @Bean
    RedisMessageListenerContainer liveChangeSubscription(RedisConnectionFactory connections, JsonMapper json,
                                                         ObjectProvider<LiveUpdates> updates,
                                                         @Value("${parley.live.channel:parley:live}") String channel) {
        return RedisChannels.inOrder(connections, channel, "live-change-relay", (message, pattern) -> {
            try {
                updates.getObject().apply(decode(json, new String(message.getBody(), StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                log.warn("A live-query change could not be applied", e);
            }
        });
    }

    static String encode(JsonMapper json, LiveChange change) {
        ObjectNode node = json.createObjectNode();
        node.put("queryType", change.queryType().getName());
        node.put("userId", change.userId());
        node.put("updateQueryType", change.updateQuery().getClass().getName());
        node.set("updateQuery", json.valueToTree(change.updateQuery()));
        node.put("updateType", change.updateType().getName());
        return json.writeValueAsString(node);
    }

    static LiveChange decode(JsonMapper json, String text) {
        JsonNode node = json.readTree(text);
        return new LiveChange(sharedApiClass(node, "queryType"), node.path("userId").asString(),
                json.treeToValue(node.path("updateQuery"), sharedApiClass(node, "updateQueryType")),
                sharedApiClass(node, "updateType"));
    }

    private static Class<?> sharedApiClass(JsonNode node, String field) {
        String name = node.path(field).asString();
        if (!name.startsWith(SHARED_API)) {
            throw new IllegalArgumentException("Not a shared-api class: " + name);
        }
        try {
            return Class.forName(name, false, LiveChangeRelay.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Unknown class " + name, e);
        }
    }
}
