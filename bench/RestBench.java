import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * REST load generator: C connections, each a thread sending one request at a time over one kept-alive HTTP/1.1
 * socket (closed loop), for a warm-up of W seconds and then S measured seconds. Prints requests/s and the p50/p99 of
 * each request's time from writing it to reading the end of its answer, and the answers that were not 2xx. A plain
 * socket keeps the generator's own CPU small, since it shares the machine with the server: at 32 connections
 * autocannon's latency columns read about 100 ms whatever the rate, its own event loop's queueing. With
 * {@code BENCH_SERVER_PID} naming the server on this machine, also the server's CPU over the measured seconds, in
 * percent of a core and per request: it compares builds better than the rate does when the generator shares the cores.
 * The line ends with the generator's own CPU over the measured seconds.
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
        AtomicLong failures = new AtomicLong();
        List<Latencies> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Latencies mine = new Latencies();
            latencies.add(mine);
            Thread t = new Thread(() -> {
                long now = System.nanoTime();
                while (now < end) {
                    // Tomcat closes a kept-alive connection after 100 requests (maxKeepAliveRequests), as browsers see
                    // too: the request that needs a new connection counts the time to open it.
                    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                        socket.setTcpNoDelay(true);
                        OutputStream out = socket.getOutputStream();
                        Response in = new Response(socket.getInputStream());
                        boolean open = true;
                        while (open && now < end) {
                            out.write(request);
                            out.flush();
                            int status = in.read();
                            open = in.keepsAlive();
                            long done = System.nanoTime();
                            if (now >= warmUpEnd) {
                                if (status / 100 != 2) {
                                    failures.incrementAndGet();
                                }
                                mine.add(done - now);
                            }
                            now = done;
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        Thread.sleep(Math.max(0, (warmUpEnd - System.nanoTime()) / 1_000_000));
        Duration cpuBefore = serverCpu();
        Duration ownCpuBefore = ownCpu();
        for (Thread t : threads) {
            t.join();
        }
        Duration cpu = serverCpu().minus(cpuBefore);
        Duration ownCpu = ownCpu().minus(ownCpuBefore);
        long[] all = latencies.stream().flatMapToLong(Latencies::stream).sorted().toArray();
        System.out.printf("rest: %-28s %8.0f req/s  p50=%.1f ms  p99=%.1f ms  non-2xx=%d%s, load generator %.0f %% of a core%n",
                name, all.length / (double) seconds, percentile(all, 50), percentile(all, 99), failures.get(),
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

    /** One thread's measured latencies. */
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

    /** Reads HTTP/1.1 responses off one connection, their bodies by Content-Length or chunked. */
    static final class Response {
        private final InputStream in;
        private final byte[] buffer = new byte[16_384];
        private int position;
        private int limit;
        private boolean keepAlive;

        Response(InputStream in) {
            this.in = in;
        }

        /** Reads one whole response and returns its status. */
        int read() throws IOException {
            int status = Integer.parseInt(line().substring(9, 12));
            long length = 0;
            boolean chunked = false;
            keepAlive = true;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    keepAlive = false;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                    skip(size);
                    line();
                }
                line();
            } else {
                skip(length);
            }
            return status;
        }

        /** Whether the server keeps the connection open after the last response. */
        boolean keepsAlive() {
            return keepAlive;
        }

        private void fill() throws IOException {
            position = 0;
            limit = in.read(buffer);
            if (limit < 0) {
                throw new IOException("the server closed the connection");
            }
        }

        private void skip(long bytes) throws IOException {
            for (long left = bytes; left > 0; ) {
                if (position == limit) {
                    fill();
                }
                int n = (int) Math.min(left, limit - position);
                position += n;
                left -= n;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (position == limit) {
                    fill();
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    return line.toString();
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
        }
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
