package io.parley.command.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code parley.otp.*}: the limits of API.md, the fixed codes of test identifiers, and which driver sends
 * codes for each method ({@code console}, {@code twilio} for phones, {@code smtp} for emails).
 */
@ConfigurationProperties("parley.otp")
public record OtpProperties(
        @DefaultValue("5m") Duration codeTtl,
        @DefaultValue("30s") Duration resendCooldown,
        @DefaultValue("10m") Duration sendWindow,
        @DefaultValue("3") int maxSends,
        @DefaultValue("5") int maxAttempts,
        Map<String, String> testIdentifiers,
        @DefaultValue("console") String smsDriver,
        @DefaultValue("console") String emailDriver) {

    public OtpProperties {
        testIdentifiers = testIdentifiers == null ? Map.of() : Map.copyOf(testIdentifiers);
    }
}
