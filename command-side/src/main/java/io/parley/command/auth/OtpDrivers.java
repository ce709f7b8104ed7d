package io.parley.command.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks the driver for each login method from {@code parley.otp.sms-driver} / {@code email-driver}, checked at
 * start-up, and counts what each driver sent ({@code parley.otp.sent}) or failed to send ({@code parley.otp.failed}).
 */
@Component
class OtpDrivers {

    private static final Logger log = LoggerFactory.getLogger(OtpDrivers.class);

    private final OtpSender phone;
    private final OtpSender email;
    private final MeterRegistry meters;

    OtpDrivers(List<OtpSender> senders, OtpProperties properties, MeterRegistry meters) {
        Map<String, OtpSender> byName = senders.stream().collect(Collectors.toMap(OtpSender::name, Function.identity()));
        this.phone = pick(byName, properties.smsDriver(), Identifier.Method.PHONE, "parley.otp.sms-driver");
        this.email = pick(byName, properties.emailDriver(), Identifier.Method.EMAIL, "parley.otp.email-driver");
        this.meters = meters;
        // Registered up front so both series exist (at 0) for dashboards and alerts before the first code.
        List.of(phone, email).forEach(driver -> {
            sent(driver);
            failed(driver);
        });
    }

    /** @throws OtpSender.OtpDeliveryException when the driver's provider did not accept the code */
    void send(Identifier to, String code) {
        OtpSender driver = to.method() == Identifier.Method.PHONE ? phone : email;
        try {
            driver.send(to, code);
        } catch (OtpSender.OtpDeliveryException e) {
            failed(driver).increment();
            throw e;
        }
        sent(driver).increment();
    }

    private Counter sent(OtpSender driver) {
        return Counter.builder("parley.otp.sent").description("OTP codes handed to a driver")
                .tag("driver", driver.name()).register(meters);
    }

    private Counter failed(OtpSender driver) {
        return Counter.builder("parley.otp.failed").description("OTP codes a driver's provider did not accept")
                .tag("driver", driver.name()).register(meters);
    }

    private static OtpSender pick(Map<String, OtpSender> byName, String name, Identifier.Method method, String setting) {
        OtpSender sender = byName.get(name);
        if (sender == null || !sender.supports(method)) {
            throw new IllegalStateException(setting + "=" + name + " is not a driver for " + method.json()
                    + " codes (known: console, twilio for phones, smtp for emails)");
        }
        if (sender instanceof ConsoleOtpSender) {
            log.warn("{}=console: {} codes are printed on standard output, not delivered; choose a real driver in production",
                    setting, method.json());
        }
        return sender;
    }
}
