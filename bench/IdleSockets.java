import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens S idle STOMP sessions over loopback for U users (test identifiers bench&lt;i&gt;@bench.test from i = F on,
 * code 123456), at most 200 handshakes at a time: each CONNECTs with 10 s heart-beats both ways, subscribes to
 * /user/queue/events and then only heart-beats (each session every 5 s, the sessions' heart-beats spread over those
 * 5 s). Prints "ready" when all are connected, then every 5 s how many are still open, and keeps them open until its
 * standard input closes.
 * Usage: java bench/IdleSockets.java http://127.0.0.1:8080 sessions users [firstUser]
 */
public class IdleSockets {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int SLICES = 100;
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int sessions = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        int firstUser = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        List<String> tokens = new ArrayList<>();
        for (int i = firstUser; i < firstUser + users; i++) {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/otp/verify"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"identifier\":\"bench" + i + "@bench.test\",\"otp\":\"123456\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher token = TOKEN.matcher(body);
            if (!token.find()) {
                throw new IllegalStateException("login failed: " + body);
            }
            tokens.add(token.group(1));
        }
        Semaphore handshakes = new Semaphore(200);
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger open = new AtomicInteger();
        List<WebSocket> sockets = Collections.synchronizedList(new ArrayList<>());
        // Heart-beats from the first connected session on (the server closes a session it hears nothing from), each
        // session's every 5 s at its own moment, as independent clients' would be: a slice of them every 50 ms.
        AtomicInteger ticks = new AtomicInteger();
        Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(() -> {
            int tick = ticks.getAndIncrement();
            synchronized (sockets) {
                for (int i = tick % SLICES; i < sockets.size(); i += SLICES) {
                    try {
                        sockets.get(i).sendText("\n", true);
                    } catch (IllegalStateException stillSending) {
                        // the previous heart-beat is still on its way: this one is not needed
                    }
                }
            }
            if (tick % SLICES == 0) {
                System.out.println("open " + open.get());
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            handshakes.acquire();
            CompletableFuture<Void> stompConnected = new CompletableFuture<>();
            stompConnected.whenComplete((ok, failure) -> handshakes.release());
            ready.add(stompConnected);
            String token = tokens.get(i % users);
            WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                    open.decrementAndGet();
                    System.out.println("closed " + statusCode + " " + reason);
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    open.decrementAndGet();
                    System.out.println("failed " + error);
                }

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    if (data.toString().startsWith("CONNECTED")) {
                        connected.incrementAndGet();
                        stompConnected.complete(null);
                    } else if (data.toString().startsWith("ERROR")) {
                        stompConnected.completeExceptionally(new IllegalStateException(data.toString()));
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            socket.sendText("CONNECT\naccept-version:1.2\nheart-beat:10000,10000\nAuthorization:Bearer " + token + "\n\n\0", true).join();
            socket.sendText("SUBSCRIBE\nid:0\ndestination:/user/queue/events\n\n\0", true).join();
            open.incrementAndGet();
            sockets.add(socket);
        }
        CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        System.out.println("open " + open.get());
        System.out.println("ready " + connected.get());
        System.in.read();
        System.exit(0);
    }
}
