package io.parley.command.notification;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * API.md "Notifications and devices": a user's push devices. A token or endpoint names one device: registered again
 * (by its user or, after a change of account on it, by another) it is that user's only, once. A user keeps at most
 * {@code parley.push.max-devices} (20): the oldest go first.
 */
@RestController
class DeviceController {

    record Keys(@NotBlank @Size(max = 128) String p256dh, @NotBlank @Size(max = 64) String auth) {
    }

    record Subscription(@NotBlank @Size(max = 2048) String endpoint, @Valid Keys keys) {
    }

    record NewDevice(@NotBlank @Pattern(regexp = "fcm|webpush", message = "must be fcm or webpush") String platform,
                     @Size(max = 4096) String token, @Valid Subscription subscription) {
    }

    record DeviceView(String deviceId, String platform, Instant createdAt) {
    }

    private final PushDeviceRepository devices;
    private final PushProperties properties;
    private final Clock clock;

    DeviceController(PushDeviceRepository devices, PushProperties properties, Clock clock) {
        this.devices = devices;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping("/api/devices")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    DeviceView register(Principal principal, @Valid @RequestBody NewDevice body) {
        String me = principal.getName();
        PushDevice device = body.platform().equals("fcm") ? fcm(me, body) : webPush(me, body);
        PushDevice known = devices.findByAddressHash(device.addressHash()).orElse(null);
        if (known != null && known.userId().equals(me)) {
            return view(known);
        }
        if (known != null) {
            devices.deleteById(known.deviceId());
        }
        List<PushDevice> mine = devices.findByUserIdOrderByCreatedAtAsc(me);
        mine.subList(0, Math.max(0, mine.size() - properties.maxDevices() + 1))
                .forEach(oldest -> devices.deleteById(oldest.deviceId()));
        return view(devices.insert(device));
    }

    @GetMapping("/api/devices")
    List<DeviceView> list(Principal principal) {
        return devices.findByUserIdOrderByCreatedAtAsc(principal.getName()).stream().map(DeviceController::view).toList();
    }

    @DeleteMapping("/api/devices/{deviceId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Principal principal, @PathVariable String deviceId) {
        PushDevice device = devices.findById(deviceId).filter(found -> found.userId().equals(principal.getName()))
                .orElseThrow(() -> ErrorCode.DEVICE_NOT_FOUND.exception("No such device."));
        devices.deleteById(device.deviceId());
    }

    private PushDevice fcm(String me, NewDevice body) {
        if (body.token() == null || body.token().isBlank()) {
            throw ParleyException.invalid("token", "is needed for an fcm device");
        }
        return new PushDevice(UUID.randomUUID().toString(), me, "fcm", body.token(), hash(body.token()), null, null, clock.instant());
    }

    /** The endpoint must be a push service's URL, and the keys a P-256 public key and a 16-byte secret. */
    private PushDevice webPush(String me, NewDevice body) {
        Subscription subscription = body.subscription();
        if (subscription == null || subscription.keys() == null) {
            throw ParleyException.invalid("subscription", "with endpoint and keys is needed for a webpush device");
        }
        URI endpoint;
        try {
            endpoint = URI.create(subscription.endpoint());
        } catch (IllegalArgumentException e) {
            throw ParleyException.invalid("subscription.endpoint", "must be a URL");
        }
        boolean https = "https".equals(endpoint.getScheme());
        if (endpoint.getHost() == null || !(https || properties.webpush().allowHttp() && "http".equals(endpoint.getScheme()))) {
            throw ParleyException.invalid("subscription.endpoint", "must be an https URL");
        }
        byte[] p256dh = base64Url(subscription.keys().p256dh());
        if (p256dh == null || p256dh.length != 65 || p256dh[0] != 4) {
            throw ParleyException.invalid("subscription.keys.p256dh", "must be an uncompressed P-256 public key, base64url");
        }
        byte[] auth = base64Url(subscription.keys().auth());
        if (auth == null || auth.length != 16) {
            throw ParleyException.invalid("subscription.keys.auth", "must be 16 bytes, base64url");
        }
        return new PushDevice(UUID.randomUUID().toString(), me, "webpush", subscription.endpoint(), hash(subscription.endpoint()),
                subscription.keys().p256dh(), subscription.keys().auth(), clock.instant());
    }

    private static byte[] base64Url(String value) {
        try {
            return Base64.getUrlDecoder().decode(value.replace("=", ""));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String hash(String address) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DeviceView view(PushDevice device) {
        return new DeviceView(device.deviceId(), device.platform(), device.createdAt());
    }
}
