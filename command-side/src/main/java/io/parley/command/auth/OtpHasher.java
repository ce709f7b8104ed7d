package io.parley.command.auth;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Keyed hashes (HMAC-SHA256) for what must not be stored in clear: identifiers used as challenge ids and the
 * codes themselves. Without the server key a 6-digit code cannot be brute-forced from the event store.
 */
@Component
class OtpHasher {

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    OtpHasher(ServerSecrets secrets, @Value("${parley.otp.secret:}") String configured) {
        this.key = new SecretKeySpec(secrets.key("otp", configured), "HmacSHA256");
    }

    String challengeId(Identifier identifier) {
        return hmac("challenge:" + identifier.value());
    }

    String codeHash(String challengeId, String code) {
        return hmac("code:" + challengeId + ":" + code);
    }

    String newCode() {
        return String.format("%06d", random.nextInt(1_000_000));
    }

    private String hmac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
