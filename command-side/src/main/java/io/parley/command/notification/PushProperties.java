package io.parley.command.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code parley.push.*} for devices: the FCM and Web Push drivers (each on when configured; a platform without one
 * only logs that a push would be sent), whether payloads carry message texts, and how sending retries.
 * {@code parley.push.max-age}, {@code queue} and {@code channel} are the socket pushes' (see SocketPush).
 */
@ConfigurationProperties("parley.push")
public record PushProperties(@DefaultValue Fcm fcm, @DefaultValue WebPush webpush, @DefaultValue("false") boolean preview,
                             @DefaultValue("3") int attempts, @DefaultValue("2s") Duration retryBackoff,
                             @DefaultValue("10s") Duration timeout, @DefaultValue("20") int maxDevices) {

    /** {@code credentials}: the service account's JSON key file. {@code url}: FCM's (another for tests). */
    public record Fcm(String projectId, String credentials, @DefaultValue("https://fcm.googleapis.com") String url) {

        boolean configured() {
            return projectId != null && !projectId.isBlank() && credentials != null && !credentials.isBlank();
        }
    }

    /**
     * VAPID keys as web-push libraries print them (base64url, uncompressed P-256 point and private scalar).
     * {@code allowHttp}: subscriptions with plain-http endpoints (tests only: push services use https, and any other
     * endpoint would make the server post wherever a client points it).
     */
    public record WebPush(String publicKey, String privateKey, @DefaultValue("mailto:admin@localhost") String subject,
                          @DefaultValue("false") boolean allowHttp) {

        boolean configured() {
            return publicKey != null && !publicKey.isBlank() && privateKey != null && !privateKey.isBlank();
        }
    }
}
