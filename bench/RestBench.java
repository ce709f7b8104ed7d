import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * REST load generator: C kept-alive HTTP/1.1 connections, each with one request at a time (closed loop), for a warm-up
 * of W seconds and then S measured seconds. Prints requests/s and the p50/p99 of each request's time from writing it
 * to reading the end of its answer, and the answers that were not 2xx. It shares the machine's cores with the server,
 * so it costs little: plain sockets (at 32 connections autocannon's latency columns read about 100 ms whatever the
 * rate, its own event loop's queueing), all read by one thread through a selector (a thread per connection, woken for
 * each answer, took 25–33 % of a core at 2,000–3,500 requests/s, this one 10–12 %). With {@code BENCH_SERVER_PID}
 * naming the server on this machine, also the server's CPU over the measured seconds, in percent of a core and per
 * request: it compares builds better than the rate does when the generator shares the cores. The line ends with the
 * generator's own CPU over the measured seconds.
 * Usage: java bench/RestBench.java name url connections seconds warmUpSeconds [GET|POST] [bearerToken] [jsonBody]
 */
public class RestBench {

    public static void main(String[] args) throws Exception {
        String name = args[0];
        URI url = URI.create(args[1]);
        int connections = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[4]);
        String method = args.length > 5 ? args[5] : "GET";
        String token = args.length > 6 && !args[6].isEmpty() ? args[6] : null;
        String body = args.length > 7 ? args[7] : null;
        byte[] request = request(url, method, token, body);

        long warmUpEnd = System.nanoTime() + warmUp * 1_000_000_000L;
        long end = warmUpEnd + seconds * 1_000_000_000L;
        Latencies latencies = new Latencies();
        long[] failures = {0};
        Duration[] before = new Duration[2];
        try (Selector selector = Selector.open()) {
            for (int c = 0; c < connections; c++) {
                new Connection(url, request).open(selector, System.nanoTime());
            }
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                if (before[0] == null && now >= warmUpEnd) {
                    before[0] = serverCpu();
                    before[1] = ownCpu();
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    int status = connection.read();
                    if (status > 0) {
                        long done = System.nanoTime();
                        if (connection.sentAt >= warmUpEnd) {
                            failures[0] += status / 100 == 2 ? 0 : 1;
                            latencies.add(done - connection.sentAt);
                        }
                        // Tomcat closes a kept-alive connection after 100 requests (maxKeepAliveRequests), as browsers
                        // see too: the request that needs a new connection counts the time to open it.
                        if (connection.keepAlive) {
                            connection.send(done);
                        } else {
                            key.cancel();
                            connection.channel.close();
                            new Connection(url, request).open(selector, done);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        Duration cpu = before[0] == null ? Duration.ofMillis(-1) : serverCpu().minus(before[0]);
        Duration ownCpu = before[1] == null ? Duration.ZERO : ownCpu().minus(before[1]);
        long[] all = latencies.stream().sorted().toArray();
        System.out.printf("rest: %-28s %8.0f req/s  p50=%.1f ms  p99=%.1f ms  non-2xx=%d%s, load generator %.0f %% of a core%n",
                name, all.length / (double) seconds, percentile(all, 50), percentile(all, 99), failures[0],
                cpu.isNegative() ? "" : String.format("  server CPU %.0f %% of a core, %.0f µs/req",
                        cpu.toMillis() / 10.0 / seconds, cpu.toNanos() / 1000.0 / Math.max(1, all.length)),
                ownCpu.toMillis() / 10.0 / seconds);
    }

    /** The server's CPU time so far (user and system) when {@code BENCH_SERVER_PID} names it, else negative. */
    private static Duration serverCpu() {
        String pid = System.getenv("BENCH_SERVER_PID");
        return pid == null ? Duration.ofMillis(-1) : ProcessHandle.of(Long.parseLong(pid))
                .flatMap(server -> server.info().totalCpuDuration()).orElse(Duration.ofMillis(-1));
    }

    /** This process's CPU time so far: the load generator shares the machine's cores with the server. */
    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow();
    }

    private static byte[] request(URI url, String method, String token, String body) {
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(url.getRawPath())
                .append(url.getRawQuery() == null ? "" : "?" + url.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                .append("Accept: application/json\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        return request;
    }

    /** The measured latencies. */
    static final class Latencies {
        private long[] values = new long[1 << 16];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        java.util.stream.LongStream stream() {
            return Arrays.stream(values, 0, size);
        }
    }

    /**
     * One kept-alive connection with one request at a time, read without blocking: its response is parsed as its bytes
     * arrive (the body by Content-Length or chunked).
     */
    static final class Connection {
        final SocketChannel channel;
        private final ByteBuffer request;
        private final ByteBuffer in = ByteBuffer.allocate(16_384);
        long sentAt;
        boolean keepAlive;
        private int status;
        private long length;
        /** Where the response's parse is: its head, body bytes left (by length), a chunk's size line, a chunk's bytes. */
        private int state;

        Connection(URI url, byte[] request) throws IOException {
            this.channel = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
            this.request = ByteBuffer.wrap(request);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
        }

        void open(Selector selector, long now) throws IOException {
            channel.register(selector, SelectionKey.OP_READ, this);
            send(now);
        }

        /** Writes the request (small enough that the socket takes it at once, or nearly). */
        void send(long now) throws IOException {
            sentAt = now;
            state = 0;
            request.rewind();
            while (request.hasRemaining()) {
                channel.write(request);
            }
        }

        /** Reads what has arrived; the response's status once it is complete, else 0. */
        int read() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed the connection");
            }
            in.flip();
            try {
                return parse();
            } finally {
                in.compact();
            }
        }

        private int parse() {
            while (true) {
                if (state == 0) {
                    String head = upTo("\r\n\r\n");
                    if (head == null) {
                        return 0;
                    }
                    begin(head);
                } else if (state == 1) {
                    int n = (int) Math.min(length, in.remaining());
                    in.position(in.position() + n);
                    length -= n;
                    if (length > 0) {
                        return 0;
                    }
                    state = 0;
                    return status;
                } else if (state == 2) {
                    String line = upTo("\r\n");
                    if (line == null) {
                        return 0;
                    }
                    length = Long.parseLong(line.trim(), 16) + 2;
                    state = length == 2 ? 4 : 3;
                } else {
                    int n = (int) Math.min(length, in.remaining());
                    in.position(in.position() + n);
                    length -= n;
                    if (length > 0) {
                        return 0;
                    }
                    if (state == 4) {
                        state = 0;
                        return status;
                    }
                    state = 2;
                }
            }
        }

        /** The status line and headers: where the body's end will be, and whether the connection stays open. */
        private void begin(String head) {
            String[] lines = head.split("\r\n");
            status = Integer.parseInt(lines[0].substring(9, 12));
            length = 0;
            boolean chunked = false;
            keepAlive = true;
            for (int i = 1; i < lines.length; i++) {
                String lower = lines[i].toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    keepAlive = false;
                }
            }
            state = chunked ? 2 : 1;
        }

        /** The text before the next {@code end} (which is consumed too), or null while it has not all arrived. */
        private String upTo(String end) {
            int from = in.position();
            for (int i = from; i + end.length() <= in.limit(); i++) {
                boolean match = true;
                for (int j = 0; j < end.length() && match; j++) {
                    match = in.get(i + j) == end.charAt(j);
                }
                if (match) {
                    byte[] text = new byte[i - from];
                    in.get(text);
                    in.position(in.position() + end.length());
                    return new String(text, StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
