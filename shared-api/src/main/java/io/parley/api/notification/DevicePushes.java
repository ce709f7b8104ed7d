package io.parley.api.notification;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The port to users' devices: each registered device of the user gets the push through its platform (FCM, Web
 * Push). Returns at once; sending, retrying and dropping devices their provider reports gone happen elsewhere.
 */
public interface DevicePushes {

    /** {@code push} is made only if the user has a device, when it is sent; null sends nothing. */
    void send(String userId, Supplier<DevicePush> push);

    /** Removes the user's devices (their account is deleted). */
    void forget(String userId);

    /**
     * What a device shows. {@code collapseKey}: pushes with the same key replace each other on the device (one per
     * chat); {@code text}: a message's text, shown only where previews are enabled (else null).
     */
    record DevicePush(String notificationId, String type, String title, String body, String text,
                      Map<String, String> data, String collapseKey) {
    }
}
