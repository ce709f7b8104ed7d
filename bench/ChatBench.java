import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * ({@code BENCH_SERVER_PID}) for the line to end with the server's CPU during the measured stretch; the load
 * generator's own CPU comes last (it shares the machine's cores with the server). Warm-up messages are timed and
 * parsed as measured ones are, so that this process's JIT has compiled that path before measuring too. With F messages
 * in flight (F &gt; 0, rate 0) the run is closed-loop instead: each sender keeps F messages on their way, sending the
 * next when its recipient receives one, and latency runs from the actual send. With {@code BENCH_TRACE} naming a
 * file, every measured message is written to it as well (see {@link #trace}).
 * Usage: java bench/ChatBench.java http://127.0.0.1:8080 [pairs] [messagesPerPair] [messagesPerSecond] [warmUpPerPair]
 *        [inFlightPerPair]
 */
public class ChatBench {

    private static final int WARM_UP_ROUND = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");
    private static final Pattern USER_ID = Pattern.compile("\"user\":\\{\"id\":\"([^\"]+)\"");
    private static final Pattern CONNECTION_ID = Pattern.compile("\"connectionId\":\"([^\"]+)\"");
    /** Turns a System.nanoTime() reading into wall-clock nanoseconds, to compare with the server's timestamps. */
    private static final long WALL_CLOCK_OFFSET = System.currentTimeMillis() * 1_000_000 - System.nanoTime();

    record User(String id, String token) {
    }

    /**
     * One message's latency in parts: send to command handled, to pushed, to received (nanoseconds), and when it was
     * due (System.nanoTime()).
     */
    record Split(long toCommand, long toPush, long toClient, long due) {
        long latency() {
            return toCommand + toPush + toClient;
        }
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
                String text = frame.contains("\"type\":\"chat:receive\"") ? field(frame, "text") : null;
                if (text == null || text.length() < 2 || (text.charAt(0) != 't' && text.charAt(0) != 'w')) {
                    return;
                }
                long now = System.nanoTime();
                long due = Long.parseLong(text.substring(1));
                // when the chat handled the command (the message's sentAt) and when the projection pushed it (ts)
                long handled = wallClockNanos(field(frame, "sentAt"));
                long pushed = wallClockNanos(field(frame, "ts"));
                Split split = new Split(handled - due - WALL_CLOCK_OFFSET, pushed - handled, now + WALL_CLOCK_OFFSET - pushed, due);
                // warm-up messages ("w…") take the measured ones' path, so the JIT has compiled it before measuring
                if (text.charAt(0) == 'w') {
                    warmedUp.release();
                } else {
                    latencies.add(now - due);
                    splits.add(split);
                    received.countDown();
                    window.release();
                }
            }));
        }
        // Warm-up, not measured: starts each chat and lets the server's JIT compile the message path. In rounds, so
        // the server never holds more than one round of it.
        for (int sent = 0; sent < warmUp; sent += WARM_UP_ROUND) {
            int round = Math.min(WARM_UP_ROUND, warmUp - sent);
            for (int n = 0; n < round; n++) {
                for (int i = 0; i < pairs; i++) {
                    senders.get(i).send("/app/chat.send", "{\"to\":\"" + couples.get(i)[1].id() + "\",\"text\":\"w" + System.nanoTime() + "\"}");
                }
            }
            if (!warmedUp.tryAcquire(pairs * round, 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("warm-up messages did not arrive within 120 s");
            }
        }
        Thread.sleep(1_000);

        long cpuBefore = serverCpuMillis();
        long ownCpuBefore = ownCpuNanos();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        if (rate > 0) {
            threads.add(new Thread(() -> offer(senders, couples, perPair, start, 1e9 / rate)));
        } else {
            for (int i = 0; i < pairs; i++) {
                Stomp socket = senders.get(i);
                String to = couples.get(i)[1].id();
                Semaphore window = windows.get(i);
                threads.add(new Thread(() -> {
                    for (int n = 0; n < perPair; n++) {
                        if (inFlight > 0) {
                            window.acquireUninterruptibly();
                        }
                        send(socket, to, System.nanoTime());
                    }
                }));
            }
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        boolean all = received.await(120, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpu = serverCpuMillis() - cpuBefore;
        long ownCpu = ownCpuNanos() - ownCpuBefore;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("bench: pairs=%d messages=%d received=%d%s %s achieved=%.0f msg/s p50=%.1f ms p99=%.1f ms"
                        + " (p50 to command %.1f ms, to push %.1f ms, to client %.1f ms)%s, load generator %.0f %% of a core%n",
                pairs, total, sorted.size(), all ? "" : " (INCOMPLETE)", inFlight > 0 ? "closed-loop in-flight=" + inFlight + "/pair"
                        : "offered=" + (rate > 0 ? String.format("%.0f msg/s", rate) : "max"),
                sorted.size() / seconds, percentile(sorted, 50), percentile(sorted, 99),
                median(splits, Split::toCommand), median(splits, Split::toPush), median(splits, Split::toClient),
                cpuBefore < 0 ? "" : String.format(" server CPU %.0f %% of a core, %.0f µs/msg", 100.0 * cpu / 1000 / seconds,
                        1000.0 * cpu / Math.max(1, sorted.size())), ownCpu / 1e7 / seconds);
        senders.forEach(Stomp::close);
        receivers.forEach(Stomp::close);
        String trace = System.getenv("BENCH_TRACE");
        if (trace != null) {
            trace(trace, splits, start);
        }
    }

    /**
     * Every measured message, one line each in send order: when it was due (µs after the measured stretch began), its
     * latency and the latency's parts (µs), after a first line {@code # start <epoch ms>} that places the stretch on
     * the wall clock, to set beside the server's GC log ({@code bench/Tail.java}).
     */
    private static void trace(String file, Collection<Split> splits, long start) throws java.io.IOException {
        List<Split> sorted = new ArrayList<>(splits);
        sorted.sort(java.util.Comparator.comparingLong(Split::due));
        try (var out = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(java.nio.file.Path.of(file)))) {
            out.println("# start " + (start + WALL_CLOCK_OFFSET) / 1_000_000);
            for (Split split : sorted) {
                out.println((split.due() - start) / 1000 + " " + split.latency() / 1000 + " " + split.toCommand() / 1000
                        + " " + split.toPush() / 1000 + " " + split.toClient() / 1000);
            }
        }
    }

    /**
     * The open loop: one thread sends every pair's messages in turn, message k of the run at its scheduled time
     * {@code start + k × step} or as soon after it as the thread gets to it. It sleeps at least 1 ms at a time, then
     * sends all that are due: a thread per pair, sleeping until each of its messages, spent more CPU in timed sleeps
     * than the rest of the load generator did, on the two cores it shares with the server. Latency runs from the
     * scheduled time, so the wait of up to a millisecond counts against the server, not for it.
     */
    private static void offer(List<Stomp> senders, List<User[]> couples, int perPair, long start, double step) {
        int pairs = senders.size();
        for (long k = 0; k < (long) pairs * perPair; k++) {
            long due = start + (long) (k * step);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.max(wait, 1_000_000));
            }
            int pair = (int) (k % pairs);
            send(senders.get(pair), couples.get(pair)[1].id(), due);
        }
    }

    /** A measured message, its text "t" and the time it counts from (System.nanoTime()). */
    private static void send(Stomp socket, String to, long stamp) {
        socket.send("/app/chat.send", "{\"to\":\"" + to + "\",\"text\":\"t" + stamp + "\"}");
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

    /** This process's CPU time so far (ns): the load generator shares the machine's cores with the server. */
    private static long ownCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static double median(Collection<Split> splits, ToLongFunction<Split> part) {
        return percentile(splits.stream().mapToLong(part).sorted().boxed().toList(), 50);
    }

    /** The first string value the frame's JSON gives the field, or null. */
    private static String field(String frame, String name) {
        String key = "\"" + name + "\":\"";
        int start = frame.indexOf(key);
        return start < 0 ? null : frame.substring(start + key.length(), frame.indexOf('"', start + key.length()));
    }

    /** An instant, as wall-clock nanoseconds (server timestamps have ms precision). */
    private static long wallClockNanos(String instant) {
        Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000_000 + parsed.getNano();
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

    /**
     * A minimal STOMP 1.2 client speaking WebSocket (RFC 6455) itself over a socket channel: a send is one write, and
     * one thread reads every socket of the run (a selector), so a push wakes no thread of its own when others are being
     * read. The JDK's WebSocket client, and then a reading thread per socket, took more of the two cores the server
     * shares than the rest of the load generator together.
     */
    static final class Stomp {
        private static final java.nio.channels.Selector READER = openReader();
        private static final java.util.Queue<Stomp> JOINING = new ConcurrentLinkedQueue<>();

        private final java.util.function.Consumer<String> onFrame;
        private final CompletableFuture<Void> connected = new CompletableFuture<>();
        private final java.nio.channels.SocketChannel channel;
        private final byte[] mask = new byte[4];
        private final java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
        private final StringBuilder partial = new StringBuilder();
        private java.nio.ByteBuffer in = java.nio.ByteBuffer.allocate(65536);

        private Stomp(java.nio.channels.SocketChannel channel, java.util.function.Consumer<String> onFrame) {
            this.channel = channel;
            this.onFrame = onFrame;
            new java.security.SecureRandom().nextBytes(mask);
        }

        static Stomp open(String base, String token, java.util.function.Consumer<String> onFrame) throws Exception {
            URI uri = URI.create(base);
            java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                    new java.net.InetSocketAddress(uri.getHost(), uri.getPort()));
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            Stomp stomp = new Stomp(channel, onFrame);
            byte[] key = new byte[16];
            new java.security.SecureRandom().nextBytes(key);
            stomp.writeFully(java.nio.ByteBuffer.wrap(("GET /ws HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                    + java.util.Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            String answer = stomp.readHeaders();
            if (!answer.startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException("WebSocket upgrade refused: " + answer);
            }
            channel.configureBlocking(false);
            JOINING.add(stomp);
            READER.wakeup();
            stomp.frame("CONNECT\naccept-version:1.2\nheart-beat:0,0\nAuthorization:Bearer " + token + "\n\n");
            stomp.connected.get(10, TimeUnit.SECONDS);
            stomp.frame("SUBSCRIBE\nid:0\ndestination:/user/queue/events\n\n");
            return stomp;
        }

        /** The upgrade's answer, up to its blank line; the server sends nothing after it before CONNECT. */
        private String readHeaders() throws java.io.IOException {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            StringBuilder headers = new StringBuilder();
            while (headers.length() < 4 || !headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
                if (channel.read(one.clear()) < 0) {
                    throw new java.io.EOFException("closed during the WebSocket upgrade: " + headers);
                }
                headers.append((char) one.get(0));
            }
            return headers.toString();
        }

        void send(String destination, String json) {
            frame("SEND\ndestination:" + destination + "\ncontent-type:application/json\n\n" + json);
        }

        /** One STOMP frame as one masked text message, written at once. */
        private void frame(String frame) {
            write(0x1, (frame + "\u0000").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        private synchronized void write(int opcode, byte[] payload) {
            int length = payload.length;
            int header = length < 126 ? 2 : length < 65536 ? 4 : 10;
            byte[] bytes = new byte[header + 4 + length];
            bytes[0] = (byte) (0x80 | opcode);
            if (length < 126) {
                bytes[1] = (byte) (0x80 | length);
            } else if (length < 65536) {
                bytes[1] = (byte) (0x80 | 126);
                bytes[2] = (byte) (length >>> 8);
                bytes[3] = (byte) length;
            } else {
                bytes[1] = (byte) (0x80 | 127);
                for (int i = 0; i < 8; i++) {
                    bytes[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
                }
            }
            System.arraycopy(mask, 0, bytes, header, 4);
            for (int i = 0; i < length; i++) {
                bytes[header + 4 + i] = (byte) (payload[i] ^ mask[i & 3]);
            }
            try {
                writeFully(java.nio.ByteBuffer.wrap(bytes));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The channel reads without blocking once it is the selector's; a full socket buffer is waited out. */
        private void writeFully(java.nio.ByteBuffer bytes) throws java.io.IOException {
            while (bytes.hasRemaining()) {
                if (channel.write(bytes) == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            }
        }

        void close() {
            try {
                write(0x8, new byte[]{0x03, (byte) 0xe8});
                channel.close();
            } catch (java.io.IOException | java.io.UncheckedIOException ignored) {
                // the server may have closed it first
            }
        }

        private static java.nio.channels.Selector openReader() {
            try {
                java.nio.channels.Selector selector = java.nio.channels.Selector.open();
                Thread reader = new Thread(() -> read(selector), "stomp-reader");
                reader.setDaemon(true);
                reader.start();
                return selector;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static void read(java.nio.channels.Selector selector) {
            while (true) {
                try {
                    selector.select();
                    for (Stomp joining; (joining = JOINING.poll()) != null; ) {
                        joining.channel.register(selector, java.nio.channels.SelectionKey.OP_READ, joining);
                    }
                    for (java.nio.channels.SelectionKey key : selector.selectedKeys()) {
                        Stomp stomp = (Stomp) key.attachment();
                        if (!stomp.readAvailable()) {
                            key.cancel();
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        /** Reads what the socket has and handles each whole WebSocket frame in it; false once it is closed. */
        private boolean readAvailable() {
            int read;
            try {
                read = channel.read(in);
            } catch (java.io.IOException e) {
                return false;
            }
            in.flip();
            while (in.remaining() >= 2) {
                int at = in.position();
                int first = in.get(at) & 0xff;
                int length = in.get(at + 1) & 0x7f;
                int header = 2;
                if (length == 126) {
                    header = 4;
                    length = in.remaining() < header ? -1 : in.getShort(at + 2) & 0xffff;
                } else if (length == 127) {
                    header = 10;
                    length = in.remaining() < header ? -1 : (int) in.getLong(at + 2);
                }
                if (length < 0 || in.remaining() < header + length) {
                    if (length >= 0 && header + length > in.capacity()) {
                        in = java.nio.ByteBuffer.allocate(header + length).put(in);
                        in.flip();
                    }
                    break;
                }
                byte[] payload = new byte[length];
                in.position(at + header).get(payload);
                handle(first, payload);
            }
            in.compact();
            return read >= 0;
        }

        private void handle(int first, byte[] payload) {
            int opcode = first & 0x0f;
            if (opcode == 0x9) {
                write(0xa, payload);
            } else if (opcode == 0x1 || opcode == 0x0) {
                message.writeBytes(payload);
                if ((first & 0x80) != 0) {
                    partial.append(message.toString(java.nio.charset.StandardCharsets.UTF_8));
                    message.reset();
                    frames();
                }
            }
        }

        private void frames() {
            int end;
            while ((end = partial.indexOf("\u0000")) >= 0) {
                String frame = partial.substring(0, end);
                partial.delete(0, end + 1);
                if (frame.startsWith("CONNECTED")) {
                    connected.complete(null);
                } else if (frame.startsWith("MESSAGE")) {
                    onFrame.accept(frame);
                } else if (frame.startsWith("ERROR")) {
                    System.err.println(frame);
                }
            }
        }
    }
}
