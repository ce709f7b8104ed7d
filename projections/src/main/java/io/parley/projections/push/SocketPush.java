package io.parley.projections.push;

import io.parley.api.push.SocketEvent;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Pushes to users' sockets, from projections, after their read model is written. Events older than
 * {@code parley.push.max-age} are not pushed: a projection catching up or replaying must not replay history
 * at connected clients (they read it over REST instead).
 * <p>A push's data is computed by the caller, in its read model's current state; turning it into JSON and handing it
 * to the sockets happens on one thread of its own ({@code socket-push}), in the order pushes were made, so a
 * projection goes on with its next batch meanwhile. Up to {@code parley.push.queue} (10,000) pushes wait for that
 * thread; a projection that gets further ahead waits for it.
 */
@Component
public class SocketPush implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SocketPush.class);
    private static final String EVENTS = "/queue/events";

    private final SimpMessagingTemplate sockets;
    private final Clock clock;
    private final Duration maxAge;
    private final ThreadPoolExecutor sender;

    SocketPush(SimpMessagingTemplate sockets, Clock clock, @Value("${parley.push.max-age:60s}") Duration maxAge,
               @Value("${parley.push.queue:10000}") int queue) {
        this.sockets = sockets;
        this.clock = clock;
        this.maxAge = maxAge;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queue), task -> {
            Thread thread = new Thread(task, "socket-push");
            thread.setDaemon(true);
            return thread;
        }, SocketPush::waitForRoom);
    }

    /** Sends {@code data} (computed only when the event is recent enough; null sends nothing) to the user's sockets. */
    public void push(EventMessage<?> cause, String userId, String type, Supplier<?> data) {
        push(cause, List.of(userId), type, data);
    }

    /** Sends the same {@code data} to each user's sockets: computed and turned into JSON once for all of them. */
    public void push(EventMessage<?> cause, Collection<String> userIds, String type, Supplier<?> data) {
        if (userIds.isEmpty() || cause.getTimestamp().isBefore(clock.instant().minus(maxAge))) {
            return;
        }
        Object payload = data.get();
        if (payload != null) {
            List<String> users = List.copyOf(userIds);
            sender.execute(() -> send(users, new SocketEvent(type, payload, clock.instant())));
        }
    }

    private void send(List<String> users, SocketEvent event) {
        try {
            Message<?> json = sockets.getMessageConverter().toMessage(event,
                    new MessageHeaders(Map.of(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON)));
            for (String user : users) {
                // What convertAndSendToUser does, minus converting the payload once per user.
                SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
                headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
                headers.setLeaveMutable(true);
                sockets.send(sockets.getUserDestinationPrefix() + user.replace("/", "%2F") + EVENTS,
                        MessageBuilder.createMessage(json.getPayload(), headers.getMessageHeaders()));
            }
        } catch (RuntimeException e) {
            log.warn("Could not push {} to {}", event.type(), users, e);
        }
    }

    /** A full queue makes the pushing projection wait: dropping or reordering pushes is not an option. */
    private static void waitForRoom(Runnable task, ThreadPoolExecutor executor) {
        if (executor.isShutdown()) {
            return;
        }
        BlockingQueue<Runnable> queue = executor.getQueue();
        try {
            queue.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pushes still queued at shutdown are sent first, for a few seconds at most. */
    @Override
    public void destroy() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
    }
}
