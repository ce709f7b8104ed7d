package io.parley.command.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import io.parley.api.notification.DevicePushes.DevicePush;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FCM HTTP v1: {@code POST /v1/projects/{id}/messages:send} with an OAuth2 access token of the service account
 * (google-auth-library: a JWT assertion exchanged at the key file's {@code token_uri}, refreshed before it expires).
 * A chat's pushes share a collapse key, so a device shows the latest one only.
 */
class FcmPushDriver implements PushDriver {

    private static final Logger log = LoggerFactory.getLogger(FcmPushDriver.class);
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    private final GoogleCredentials credentials;
    private final URI send;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    FcmPushDriver(PushProperties.Fcm fcm, Duration timeout) {
        try (InputStream key = Files.newInputStream(Path.of(fcm.credentials()))) {
            this.credentials = GoogleCredentials.fromStream(key).createScoped(List.of(SCOPE));
        } catch (IOException e) {
            throw new IllegalStateException("parley.push.fcm.credentials: cannot read the service account key", e);
        }
        this.send = URI.create(fcm.url().replaceAll("/+$", "") + "/v1/projects/" + fcm.projectId() + "/messages:send");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    @Override
    public String platform() {
        return "fcm";
    }

    @Override
    public Outcome send(PushDevice device, DevicePush push, String text) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(send).timeout(timeout)
                    .header("Authorization", "Bearer " + accessToken())
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message(device, push, text))))
                    .build();
        } catch (IOException e) {
            log.warn("No FCM access token for a push to {}: {}", device, e.toString());
            return Outcome.RETRY;
        }
        return PushHttp.exchange(http, request, device, this::outcome);
    }

    private synchronized String accessToken() throws IOException {
        credentials.refreshIfExpired();
        return credentials.getAccessToken().getTokenValue();
    }

    private Map<String, Object> message(PushDevice device, DevicePush push, String text) {
        Map<String, String> data = new LinkedHashMap<>(push.data());
        data.put("notificationId", push.notificationId());
        data.put("type", push.type());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("token", device.address());
        message.put("notification", Map.of("title", push.title(), "body", text != null ? text : push.body()));
        message.put("data", data);
        if (push.collapseKey() != null) {
            message.put("android", Map.of("collapse_key", push.collapseKey(), "priority", "high"));
            message.put("apns", Map.of("headers", Map.of("apns-collapse-id", push.collapseKey())));
        }
        return Map.of("message", message);
    }

    /**
     * FCM's answers: 404, or an {@code UNREGISTERED} error, for a token that is no more; 429 and 5xx for a moment's
     * trouble; 401 for an access token that has just expired; other 4xx for a message it will never take.
     */
    private Outcome outcome(int status, String body) {
        if (status >= 200 && status < 300) {
            return Outcome.SENT;
        }
        if (status == 404 || body.contains("UNREGISTERED")) {
            return Outcome.GONE;
        }
        if (status == 401 || status == 429 || status >= 500) {
            return Outcome.RETRY;
        }
        log.warn("FCM refused a push ({}): {}", status, errorStatus(body));
        return Outcome.REJECTED;
    }

    private String errorStatus(String body) {
        try {
            JsonNode error = json.readTree(body).path("error");
            return error.path("status").asText() + " " + error.path("message").asText();
        } catch (IOException e) {
            return "unreadable answer";
        }
    }
}
