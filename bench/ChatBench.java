import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat load generator: logs in 2×N users (test identifiers bench&lt;i&gt;@bench.test with code 123456), links them in
 * pairs by QR, opens one STOMP socket each, and has one user of every pair send M messages over STOMP to the other,
 * all senders together offering R messages/s (0: as fast as the sockets take them), after W unmeasured warm-up
 * messages per pair (default 120,000: the server's JIT compiler is busy with the message path for the first two
 * minutes or so of load, and a server runs long after that), sent in rounds of 100 per pair. Latency runs from each
 * message's scheduled send time to its {@code chat:receive} at the recipient, so a server that falls behind shows it
 * in the percentiles instead of slowing the senders down. Prints one summary line: offered and achieved rate
 * (messages received per second of the run), p50/p99 latency, and the medians of its parts: from the scheduled send
 * to the chat handling the command (the message's {@code sentAt}), from there to the projection's push (the push's
 * {@code ts}), from there to receipt. The parts compare this process's clock with the server's: they hold when both
 * run on one machine, as {@code bench/run.sh} has them, which also passes the server's process id
 * ({@code BENCH_SERVER_PID}) for the line to end with the server's CPU during the measured stretch. With F messages
 * in flight (F &gt; 0, rate 0) the run is closed-loop instead: each sender keeps F messages on their way, sending the
 * next when its recipient receives one, and latency runs from the actual send.
 * Usage: java bench/ChatBench.java http://127.0.0.1:8080 [pairs] [messagesPerPair] [messagesPerSecond] [warmUpPerPair]
 *        [inFlightPerPair]
 */
public class ChatBench {

    private static final int WARM_UP_ROUND = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Pattern USER_ID = Pattern.compile("\"user\":\\{\"id\":\"([^\"]+)\"");
    private static final Pattern CONNECTION_ID = Pattern.compile("\"connectionId\":\"([^\"]+)\"");
    private static final Pattern SENT_AT = Pattern.compile("\"type\":\"chat:receive\".*\"text\":\"t(\\d+)\"");
    /** When the chat handled the command (the message's sentAt) and when the projection pushed it (the push's ts). */
    private static final Pattern HANDLED_AT = Pattern.compile("\"sentAt\":\"([^\"]+)\"");
    private static final Pattern PUSHED_AT = Pattern.compile("\"ts\":\"([^\"]+)\"");
    /** Turns a System.nanoTime() reading into wall-clock nanoseconds, to compare with the server's timestamps. */
    private static final long WALL_CLOCK_OFFSET = System.currentTimeMillis() * 1_000_000 - System.nanoTime();

    record User(String id, String token) {
    }

    /** One message's latency in parts: send to command handled, to pushed, to received (nanoseconds). */
    record Split(long toCommand, long toPush, long toClient) {
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int perPair = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 2000;
        int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 120000;
        int inFlight = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        if (inFlight > 0 && rate > 0) {
            throw new IllegalArgumentException("a closed-loop run (messages in flight) takes a rate of 0");
        }

        List<User[]> couples = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            User sender = login(base, "bench" + (2 * i) + "@bench.test");
            User receiver = login(base, "bench" + (2 * i + 1) + "@bench.test");
            link(base, sender, receiver);
            couples.add(new User[]{sender, receiver});
        }

        int total = pairs * perPair;
        CountDownLatch received = new CountDownLatch(total);
        Semaphore warmedUp = new Semaphore(0);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Split> splits = new ConcurrentLinkedQueue<>();
        List<Stomp> senders = new ArrayList<>();
        List<Stomp> receivers = new ArrayList<>();
        List<Semaphore> windows = new ArrayList<>();
        for (User[] couple : couples) {
            Semaphore window = new Semaphore(inFlight);
            windows.add(window);
            senders.add(Stomp.open(base, couple[0].token(), frame -> { }));
            receivers.add(Stomp.open(base, couple[1].token(), frame -> {
                Matcher m = SENT_AT.matcher(frame);
                if (m.find()) {
                    long now = System.nanoTime();
                    long due = Long.parseLong(m.group(1));
                    latencies.add(now - due);
                    long handled = wallClockNanos(HANDLED_AT, frame);
                    long pushed = wallClockNanos(PUSHED_AT, frame);
                    splits.add(new Split(handled - due - WALL_CLOCK_OFFSET, pushed - handled, now + WALL_CLOCK_OFFSET - pushed));
                    received.countDown();
                    window.release();
                } else if (frame.contains("\"text\":\"warm-up\"")) {
                    warmedUp.release();
                }
            }));
        }
        // Warm-up, not measured: starts each chat and lets the server's JIT compile the message path. In rounds, so
        // the server never holds more than one round of it.
        for (int sent = 0; sent < warmUp; sent += WARM_UP_ROUND) {
            int round = Math.min(WARM_UP_ROUND, warmUp - sent);
            for (int n = 0; n < round; n++) {
                for (int i = 0; i < pairs; i++) {
                    senders.get(i).send("/app/chat.send", "{\"to\":\"" + couples.get(i)[1].id() + "\",\"text\":\"warm-up\"}");
                }
            }
            if (!warmedUp.tryAcquire(pairs * round, 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("warm-up messages did not arrive within 120 s");
            }
        }
        Thread.sleep(1_000);

        long cpuBefore = serverCpuMillis();
        long start = System.nanoTime();
        long interval = rate > 0 ? (long) (1e9 * pairs / rate) : 0;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            Stomp socket = senders.get(i);
            String to = couples.get(i)[1].id();
            long offset = interval * i / pairs;
            Semaphore window = windows.get(i);
            Thread t = new Thread(() -> {
                for (int n = 0; n < perPair; n++) {
                    if (inFlight > 0) {
                        window.acquireUninterruptibly();
                    }
                    long due = start + offset + n * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    long stamp = interval > 0 ? due : System.nanoTime();
                    socket.send("/app/chat.send", "{\"to\":\"" + to + "\",\"text\":\"t" + stamp + "\"}");
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        boolean all = received.await(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = serverCpuMillis() - cpuBefore;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("bench: pairs=%d messages=%d received=%d%s %s achieved=%.0f msg/s p50=%.1f ms p99=%.1f ms"
                        + " (p50 to command %.1f ms, to push %.1f ms, to client %.1f ms)%s%n",
                pairs, total, sorted.size(), all ? "" : " (INCOMPLETE)", inFlight > 0 ? "closed-loop in-flight=" + inFlight + "/pair"
                        : "offered=" + (rate > 0 ? String.format("%.0f msg/s", rate) : "max"),
                sorted.size() / seconds, percentile(sorted, 50), percentile(sorted, 99),
                median(splits, Split::toCommand), median(splits, Split::toPush), median(splits, Split::toClient),
                cpuBefore < 0 ? "" : String.format(" server CPU %.0f %% of a core, %.0f µs/msg", 100.0 * cpu / 1000 / seconds,
                        1000.0 * cpu / Math.max(1, sorted.size())));
        senders.forEach(Stomp::close);
        receivers.forEach(Stomp::close);
    }

    /**
     * The server's CPU time so far (user and system, ms) when {@code BENCH_SERVER_PID} names it on this machine, else
     * -1: its CPU per message compares builds better than latency does on a shared machine.
     */
    private static long serverCpuMillis() throws java.io.IOException {
        String pid = System.getenv("BENCH_SERVER_PID");
        if (pid == null) {
            return -1;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime and stime, in clock ticks of 10 ms (USER_HZ is 100 on Linux)
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    private static double median(Collection<Split> splits, ToLongFunction<Split> part) {
        return percentile(splits.stream().mapToLong(part).sorted().boxed().toList(), 50);
    }

    /** The instant the pattern captures in the frame, as wall-clock nanoseconds (server timestamps have ms precision). */
    private static long wallClockNanos(Pattern pattern, String frame) {
        Matcher m = pattern.matcher(frame);
        if (!m.find()) {
            throw new IllegalStateException("No " + pattern + " in " + frame);
        }
        Instant instant = Instant.parse(m.group(1));
        return instant.getEpochSecond() * 1_000_000_000 + instant.getNano();
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }

    private static User login(String base, String email) throws Exception {
        String body = post(base + "/api/auth/otp/verify", null, "{\"identifier\":\"" + email + "\",\"otp\":\"123456\"}");
        return new User(find(USER_ID, body), find(TOKEN, body));
    }

    private static void link(String base, User a, User b) throws Exception {
        String qr = find(TOKEN, post(base + "/api/qr/generate", b.token(), ""));
        String connection = find(CONNECTION_ID, post(base + "/api/connections/request", a.token(), "{\"qrToken\":\"" + qr + "\"}"));
        post(base + "/api/connections/accept", b.token(), "{\"connectionId\":\"" + connection + "\"}");
    }

    private static String post(String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("Unexpected answer: " + text);
        }
        return m.group(1);
    }

    /** A minimal STOMP 1.2 client over the JDK's WebSocket. */
    static final class Stomp implements WebSocket.Listener {
        private final java.util.function.Consumer<String> onFrame;
        private final StringBuilder partial = new StringBuilder();
        private final CompletableFuture<Void> connected = new CompletableFuture<>();
        private WebSocket socket;

        private Stomp(java.util.function.Consumer<String> onFrame) {
            this.onFrame = onFrame;
        }

        static Stomp open(String base, String token, java.util.function.Consumer<String> onFrame) throws Exception {
            Stomp stomp = new Stomp(onFrame);
            stomp.socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(base.replace("http", "ws") + "/ws"), stomp).get(10, TimeUnit.SECONDS);
            stomp.frame("CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n");
            stomp.connected.get(10, TimeUnit.SECONDS);
            stomp.frame("SUBSCRIBE\nid:0\ndestination:/user/queue/events\n\n");
            return stomp;
        }

        synchronized void send(String destination, String json) {
            frame("SEND\ndestination:" + destination + "\ncontent-type:application/json\n\n" + json);
        }

        private synchronized void frame(String frame) {
            socket.sendText(frame + "\u0000", true).join();
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            int end;
            while ((end = partial.indexOf("\u0000")) >= 0) {
                String frame = partial.substring(0, end);
                partial.delete(0, end + 1);
                if (frame.startsWith("CONNECTED")) {
                    connected.complete(null);
                } else if (frame.startsWith("MESSAGE")) {
                    onFrame.accept(frame);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
