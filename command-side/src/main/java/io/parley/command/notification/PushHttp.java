package io.parley.command.notification;

import io.parley.command.notification.PushDriver.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BiFunction;

/** One push request to a provider: its answer judged by the driver; no answer at all (down, too slow) is worth a retry. */
final class PushHttp {

    private static final Logger log = LoggerFactory.getLogger(PushHttp.class);

    private PushHttp() {
    }

    static Outcome exchange(HttpClient http, HttpRequest request, PushDevice device,
                            BiFunction<Integer, String, Outcome> judge) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return judge.apply(response.statusCode(), response.body());
        } catch (IOException e) {
            log.warn("Push to {} failed: {}", device, e.toString());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }
}
