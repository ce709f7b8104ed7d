package io.parley.command.auth;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Picks the driver for each login method from {@code parley.otp.sms-driver} / {@code email-driver}, checked at start-up. */
@Component
class OtpDrivers {

    private final OtpSender phone;
    private final OtpSender email;

    OtpDrivers(List<OtpSender> senders, OtpProperties properties) {
        Map<String, OtpSender> byName = senders.stream().collect(Collectors.toMap(OtpSender::name, Function.identity()));
        this.phone = pick(byName, properties.smsDriver(), Identifier.Method.PHONE, "parley.otp.sms-driver");
        this.email = pick(byName, properties.emailDriver(), Identifier.Method.EMAIL, "parley.otp.email-driver");
    }

    OtpSender forMethod(Identifier.Method method) {
        return method == Identifier.Method.PHONE ? phone : email;
    }

    private static OtpSender pick(Map<String, OtpSender> byName, String name, Identifier.Method method, String setting) {
        OtpSender sender = byName.get(name);
        if (sender == null || !sender.supports(method)) {
            throw new IllegalStateException(setting + "=" + name + " is not a driver for " + method.json()
                    + " codes (known: console, twilio for phones, smtp for emails)");
        }
        return sender;
    }
}
