package io.parley.command.notification;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A device that gets a user's notifications while they have no socket open: an FCM registration token, or a Web Push
 * subscription (endpoint and keys). Kept in a table, not in events: a subscription's {@code auth} is a secret, and a
 * device is state to replace, not history. {@code address}: the token or the endpoint, which names the device.
 */
@Entity
@Table(name = "push_devices", indexes = {
        @Index(name = "push_devices_user", columnList = "userId"),
        @Index(name = "push_devices_address", columnList = "addressHash", unique = true)})
class PushDevice {

    @Id
    @Column(length = 36)
    private String deviceId;
    @Column(nullable = false, length = 36)
    private String userId;
    @Column(nullable = false, length = 8)
    private String platform;
    @Column(nullable = false, length = 4096)
    private String address;
    /** SHA-256 of the address, for the unique index (an endpoint is too long to index on every database). */
    @Column(nullable = false, length = 64)
    private String addressHash;
    @Column(length = 128)
    private String p256dh;
    @Column(length = 64)
    private String auth;
    @Column(nullable = false)
    private Instant createdAt;

    protected PushDevice() {
    }

    PushDevice(String deviceId, String userId, String platform, String address, String addressHash, String p256dh,
               String auth, Instant createdAt) {
        this.deviceId = deviceId;
        this.userId = userId;
        this.platform = platform;
        this.address = address;
        this.addressHash = addressHash;
        this.p256dh = p256dh;
        this.auth = auth;
        this.createdAt = createdAt;
    }

    String deviceId() {
        return deviceId;
    }

    String userId() {
        return userId;
    }

    String platform() {
        return platform;
    }

    /** The FCM token, or the Web Push endpoint. */
    String address() {
        return address;
    }

    String addressHash() {
        return addressHash;
    }

    String p256dh() {
        return p256dh;
    }

    String auth() {
        return auth;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Never the token nor the keys: they let anyone push to the device. */
    @Override
    public String toString() {
        return "PushDevice[" + deviceId + ", " + platform + "]";
    }
}
