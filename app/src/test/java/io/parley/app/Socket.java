package io.parley.app;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Type;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A STOMP client as an app would hold one: connected with a token, subscribed to its events. */
final class Socket implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StompSession session;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    final BlockingQueue<String> errors = new LinkedBlockingQueue<>();

    private Socket(StompSession session) {
        this.session = session;
    }

    static WebSocketStompClient client() {
        // As a browser would, take pushes of any length whole: the JVM-wide default, which SocketBuffers sets for
        // the server, is 2 KiB.
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(64 * 1024);
        WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
        // Raw bytes in and out, whatever the content type: the tests read the JSON themselves.
        client.setMessageConverter(new ByteArrayMessageConverter() {
            @Override
            protected boolean supportsMimeType(MessageHeaders headers) {
                return true;
            }
        });
        return client;
    }

    static StompHeaders bearer(String token) {
        StompHeaders headers = new StompHeaders();
        if (token != null) {
            headers.add("Authorization", "Bearer " + token);
        }
        return headers;
    }

    static Socket open(int port, String token) throws Exception {
        Socket[] holder = new Socket[1];
        StompSession session = client().connectAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocketHttpHeaders(),
                bearer(token), new StompSessionHandlerAdapter() {
                    @Override
                    public void handleFrame(StompHeaders headers, Object payload) {
                        if (holder[0] != null) {
                            holder[0].errors.add(headers.getFirst("message") + "");
                        }
                    }
                }).get(10, TimeUnit.SECONDS);
        Socket socket = new Socket(session);
        holder[0] = socket;
        session.subscribe("/user/queue/events", socket.collector(socket.events));
        session.subscribe("/user/queue/errors", socket.collector(null));
        // SUBSCRIBE frames are handled asynchronously and the simple broker sends no receipts: give it a moment.
        Thread.sleep(200);
        return socket;
    }

    private StompFrameHandler collector(BlockingQueue<JsonNode> into) {
        return new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                String text = new String((byte[]) payload, StandardCharsets.UTF_8);
                if (into != null) {
                    into.add(JSON.readTree(text));
                } else {
                    errors.add(text);
                }
            }
        };
    }

    /** The next pushed event of {@code type}, skipping others; fails after {@code timeout}. */
    JsonNode next(String type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("No " + type + " event within " + timeout);
            }
            if (event.path("type").asString().equals(type)) {
                return event;
            }
        }
    }

    /** The next pushed event of {@code type} whose data satisfies {@code wanted}, skipping others. */
    JsonNode next(String type, java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
        while (true) {
            JsonNode event = next(type);
            if (wanted.test(event.path("data"))) {
                return event;
            }
        }
    }

    /** Fails if an event of {@code type} arrives within {@code window} (the events of that time are used up). */
    void expectNone(String type, Duration window) throws InterruptedException {
        long deadline = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event != null && event.path("type").asString().equals(type)) {
                throw new AssertionError("Unexpected " + type + ": " + event);
            }
        }
    }

    /** Subscribes to {@code destination}; its frames arrive, parsed, in the returned queue. */
    Live subscribe(String destination) {
        BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        StompSession.Subscription subscription = session.subscribe(destination, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                frames.add(JSON.readTree(new String((byte[]) payload, StandardCharsets.UTF_8)));
            }
        });
        return new Live(subscription, frames);
    }

    record Live(StompSession.Subscription subscription, BlockingQueue<JsonNode> frames) {
        /**
         * The next frame whose data satisfies {@code wanted}. Updates are whole states, delivered when the
         * projection's batch commits, so one may repeat what the snapshot already showed: such frames are skipped.
         */
        JsonNode next(java.util.function.Predicate<JsonNode> wanted) throws InterruptedException {
            while (true) {
                JsonNode frame = next();
                if (wanted.test(frame.path("data"))) {
                    return frame;
                }
            }
        }

        JsonNode next() throws InterruptedException {
            JsonNode frame = frames.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("No live-query frame within 10 s");
            }
            return frame;
        }
    }

    /** The next problem JSON sent to {@code /user/queue/errors}. */
    JsonNode nextError() throws InterruptedException {
        String error = errors.poll(10, TimeUnit.SECONDS);
        if (error == null) {
            throw new AssertionError("No error within 10 s");
        }
        return JSON.readTree(error);
    }

    JsonNode next(String type) throws InterruptedException {
        return next(type, Duration.ofSeconds(10));
    }

    void send(String destination, String body) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
        session.send(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    boolean isConnected() {
        return session.isConnected();
    }

    @Override
    public void close() {
        if (session.isConnected()) {
            session.disconnect();
        }
    }
}
