import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays one projection through the admin API and reports how fast: signs in an admin (a test identifier with code
 * 123456), waits until every processor has caught up, reads the projection's position, asks for the replay, and polls
 * {@code GET /api/admin/projections} every 100 ms until it is no longer replaying and has no lag. Prints one line: events replayed (the event store's
 * global position where the replay started), seconds, events per second.
 * Usage: java bench/Replay.java http://127.0.0.1:8080 admin@bench.test chats
 */
public class Replay {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String projection = args[2];
        String login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/otp/verify"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"identifier\":\"" + args[1] + "\",\"otp\":\"123456\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(login);
        if (!token.find()) {
            throw new IllegalStateException("login failed: " + login);
        }
        String bearer = "Bearer " + token.group(1);
        // Other processors still catching up would compete for the cores.
        while (Pattern.compile("\"replaying\":true|\"lag\":[1-9]").matcher(projections(base, bearer)).find()) {
            Thread.sleep(1_000);
        }
        Status before = status(base, bearer, projection);
        if (before.replaying || before.lag != 0) {
            throw new IllegalStateException("the projection is not caught up: " + before);
        }
        long start = System.nanoTime();
        HttpResponse<String> replay = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/projections/" + projection + "/replay"))
                .header("Authorization", bearer).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (replay.statusCode() != 202) {
            throw new IllegalStateException("replay refused: " + replay.statusCode() + " " + replay.body());
        }
        Status now;
        do {
            Thread.sleep(100);
            now = status(base, bearer, projection);
        } while (now.replaying || now.lag != 0 || now.position < before.position);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("replay: %s events=%d seconds=%.1f events/s=%.0f%n", projection, before.position, seconds,
                before.position / seconds);
    }

    record Status(long position, long lag, boolean replaying) {
    }

    private static String projections(String base, String bearer) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/projections")).header("Authorization", bearer)
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Status status(String base, String bearer, String projection) throws Exception {
        String body = projections(base, bearer);
        Matcher entry = Pattern.compile("\\{\"name\":\"" + Pattern.quote(projection) + "\"[^}]*}").matcher(body);
        if (!entry.find()) {
            throw new IllegalStateException("no projection " + projection + " in " + body);
        }
        return new Status(number(entry.group(), "position"), number(entry.group(), "lag"), entry.group().contains("\"replaying\":true"));
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
