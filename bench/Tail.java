import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a chat benchmark's tail follows the server's GC pauses: reads a trace of every measured message
 * ({@code BENCH_TRACE} of {@code bench/ChatBench.java}) and the server's GC log, written with wall-clock times
 * ({@code BENCH_JAVA_OPTS=-Xlog:gc:file=<file>:time}), and prints the pauses within the measured stretch, then the
 * share of slow messages sent during a pause or soon after one against the share of the others, and the p99 of
 * the messages in flight during no pause. A pause leaves a backlog that the busy cores drain only slowly, hence
 * "soon after".
 * Usage: java bench/Tail.java trace gc.log [slowMs (50)] [afterMs (100)]
 */
public class Tail {

    private static final Pattern PAUSE = Pattern.compile("^\\[([^\\]]+)\\].* Pause .* ([0-9.]+)ms$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    record Message(double sentMs, double latencyMs) {
    }

    record Pause(double fromMs, double toMs) {
    }

    public static void main(String[] args) throws Exception {
        double slow = args.length > 2 ? Double.parseDouble(args[2]) : 50;
        double after = args.length > 3 ? Double.parseDouble(args[3]) : 100;
        List<String> trace = Files.readAllLines(Path.of(args[0]));
        long start = Long.parseLong(trace.get(0).substring("# start ".length()));
        List<Message> messages = new ArrayList<>();
        for (String line : trace.subList(1, trace.size())) {
            String[] fields = line.split(" ");
            messages.add(new Message(Long.parseLong(fields[0]) / 1000.0, Long.parseLong(fields[1]) / 1000.0));
        }
        double end = messages.stream().mapToDouble(m -> m.sentMs() + m.latencyMs()).max().orElse(0);
        List<Pause> pauses = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            Matcher pause = PAUSE.matcher(line);
            if (pause.find()) {
                double to = OffsetDateTime.parse(pause.group(1), TIME).toInstant().toEpochMilli() - start;
                double length = Double.parseDouble(pause.group(2));
                if (to >= 0 && to - length <= end) {
                    pauses.add(new Pause(to - length, to));
                }
            }
        }
        System.out.printf("tail: %d messages, p99 %.1f ms; %d pauses in the stretch, %.0f ms in all, the longest %.1f ms%n",
                messages.size(), p99(messages), pauses.size(), pauses.stream().mapToDouble(p -> p.toMs() - p.fromMs()).sum(),
                pauses.stream().mapToDouble(p -> p.toMs() - p.fromMs()).max().orElse(0));
        long slowNear = 0, slowAll = 0, otherNear = 0;
        List<Message> clear = new ArrayList<>();
        for (Message message : messages) {
            boolean near = overlaps(pauses, message.sentMs() - after, message.sentMs() + message.latencyMs());
            if (message.latencyMs() > slow) {
                slowAll++;
                slowNear += near ? 1 : 0;
            } else {
                otherNear += near ? 1 : 0;
            }
            if (!overlaps(pauses, message.sentMs(), message.sentMs() + message.latencyMs())) {
                clear.add(message);
            }
        }
        System.out.printf("tail: of %d messages over %.0f ms, %.0f %% were sent during a pause or within %.0f ms after one"
                        + " (%.0f %% of the others); p99 of the %d in flight during no pause %.1f ms%n",
                slowAll, slow, percent(slowNear, slowAll), after, percent(otherNear, messages.size() - slowAll), clear.size(),
                p99(clear));
    }

    private static boolean overlaps(List<Pause> pauses, double from, double to) {
        return pauses.stream().anyMatch(pause -> pause.fromMs() < to && pause.toMs() > from);
    }

    private static double p99(List<Message> messages) {
        List<Double> latencies = new ArrayList<>(messages.stream().map(Message::latencyMs).toList());
        Collections.sort(latencies);
        // the nearest-rank percentile, as ChatBench's line gives it
        return latencies.isEmpty() ? 0 : latencies.get(Math.max(0, (int) Math.ceil(0.99 * latencies.size()) - 1));
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }
}
