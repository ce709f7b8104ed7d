package io.parley.command.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import io.parley.api.notification.DevicePushes.DevicePush;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and the payload encrypted for the subscription (RFC 8291, aes128gcm), by
 * the com.interaso webpush library; the request goes out on our own HTTP client, with our timeout. A chat's pushes
 * share a {@code Topic}, so the push service keeps only the latest one for a device that is offline.
 */
class WebPushDriver implements PushDriver {

    private static final Logger log = LoggerFactory.getLogger(WebPushDriver.class);
    /** How long a push service keeps a push for a device that is offline. */
    private static final int TTL_SECONDS = 24 * 60 * 60;

    private final WebPush webPush;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json = new ObjectMapper();

    WebPushDriver(PushProperties.WebPush keys, Duration timeout) {
        this.webPush = new WebPush(keys.subject(), VapidKeys.fromUncompressedBytes(keys.publicKey(), keys.privateKey()));
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    @Override
    public String platform() {
        return "webpush";
    }

    @Override
    public Outcome send(PushDevice device, DevicePush push, String text) {
        byte[] body;
        try {
            body = webPush.getBody(json.writeValueAsBytes(payload(push, text)), Base64.getUrlDecoder().decode(device.p256dh()),
                    Base64.getUrlDecoder().decode(device.auth()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(device.address())).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        webPush.getHeaders(device.address(), TTL_SECONDS, topic(push.collapseKey()), WebPush.Urgency.High).forEach(request::header);
        return PushHttp.exchange(http, request.build(), device, (status, answer) -> outcome(status));
    }

    private static Map<String, Object> payload(DevicePush push, String text) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("notificationId", push.notificationId());
        payload.put("type", push.type());
        payload.put("title", push.title());
        payload.put("body", text != null ? text : push.body());
        payload.put("data", push.data());
        return payload;
    }

    /** A Topic is at most 32 URL-safe base64 characters: a digest of the collapse key. */
    private static String topic(String collapseKey) {
        if (collapseKey == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(collapseKey.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 404 and 410: the subscription is gone; 429 and 5xx: later; other refusals are final. */
    private static Outcome outcome(int status) {
        if (status >= 200 && status < 300) {
            return Outcome.SENT;
        }
        if (status == 404 || status == 410) {
            return Outcome.GONE;
        }
        if (status == 429 || status >= 500) {
            return Outcome.RETRY;
        }
        log.warn("The push service refused a push ({})", status);
        return Outcome.REJECTED;
    }
}
