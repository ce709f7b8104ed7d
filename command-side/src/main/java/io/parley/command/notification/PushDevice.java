package io.parley.command.notification;

import java.time.Instant;

/**
 * A device that gets a user's notifications while they have no socket open (a row of {@code push_devices}): an FCM
 * registration token, or a Web Push subscription (endpoint and keys). Kept in a table, not in events: a subscription's
 * {@code auth} is a secret, and a device is state to replace, not history.
 *
 * @param address     the FCM token, or the Web Push endpoint, which names the device
 * @param addressHash SHA-256 of the address, for the unique index (an endpoint is too long to index on every database)
 */
record PushDevice(String deviceId, String userId, String platform, String address, String addressHash, String p256dh,
                  String auth, Instant createdAt) {

    /** Never the token nor the keys: they let anyone push to the device. */
    @Override
    public String toString() {
        return "PushDevice[" + deviceId + ", " + platform + "]";
    }
}
