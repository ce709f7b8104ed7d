package io.parley.app.infra;

import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Subscriptions to the Redis channels that carry work between nodes. */
public final class RedisChannels {

    private RedisChannels() {
    }

    /**
     * A subscription to {@code channel} whose messages are handled on one thread of their own, in the order Redis
     * relays them; the thread ends with the container.
     */
    public static RedisMessageListenerContainer inOrder(RedisConnectionFactory connections, String channel,
                                                        String threadName, MessageListener listener) {
        ExecutorService delivery = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        RedisMessageListenerContainer container = new RedisMessageListenerContainer() {
            @Override
            public void destroy() throws Exception {
                super.destroy();
                delivery.shutdown();
            }
        };
        container.setConnectionFactory(connections);
        container.setTaskExecutor(delivery);
        container.addMessageListener(listener, new ChannelTopic(channel));
        return container;
    }
}
