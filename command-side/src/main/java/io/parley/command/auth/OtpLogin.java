package io.parley.command.auth;

import io.parley.api.ErrorCode;
import io.parley.api.auth.AuthCommands.IssueOtp;
import io.parley.api.auth.AuthCommands.OtpVerification;
import io.parley.api.auth.AuthCommands.RecordOtpDeliveryFailure;
import io.parley.api.auth.AuthCommands.VerifyOtp;
import io.parley.command.support.Commands;
import io.parley.command.user.UserAccounts;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The login flow around the {@link OtpChallenge}: the code is made here, only its hash goes into the
 * command, and the driver is called after the event is stored.
 */
@Service
class OtpLogin {

    private static final Logger log = LoggerFactory.getLogger(OtpLogin.class);

    record Login(Sessions.TokenPair tokens, UserAccounts.Login account) {
    }

    private final CommandGateway commands;
    private final OtpHasher hasher;
    private final OtpDrivers drivers;
    private final UserAccounts accounts;
    private final Sessions sessions;
    private final Clock clock;
    private final Map<String, String> testCodes;

    OtpLogin(CommandGateway commands, OtpHasher hasher, OtpDrivers drivers, UserAccounts accounts, Sessions sessions,
             Clock clock, OtpProperties properties, IdentifierNormalizer normalizer) {
        this.commands = commands;
        this.hasher = hasher;
        this.drivers = drivers;
        this.accounts = accounts;
        this.sessions = sessions;
        this.clock = clock;
        this.testCodes = properties.testIdentifiers().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> normalizer.normalize(e.getKey(), null).value(), Map.Entry::getValue));
    }

    void request(Identifier identifier) {
        if (testCodes.containsKey(identifier.value())) {
            return;
        }
        String challengeId = hasher.challengeId(identifier);
        String code = hasher.newCode();
        Instant at = clock.instant();
        commands.sendAndWait(new IssueOtp(challengeId, hasher.codeHash(challengeId, code), at));
        try {
            drivers.send(identifier, code);
        } catch (OtpSender.OtpDeliveryException e) {
            // Providers' messages often quote the address or number: it is blanked, logs keep no personal data.
            log.warn("OTP delivery by {} failed: {}", identifier.method().json(),
                    String.valueOf(e.getMessage()).replace(identifier.value(), "<identifier>")
                            .replace(identifier.value().replace("+", ""), "<identifier>"));
            commands.sendAndWait(new RecordOtpDeliveryFailure(challengeId, at));
            throw ErrorCode.OTP_DELIVERY_FAILED.exception("The code could not be sent; this attempt does not count. Try again later.");
        }
    }

    Login verify(Identifier identifier, String code) {
        String testCode = testCodes.get(identifier.value());
        if (testCode != null) {
            if (!MessageDigest.isEqual(testCode.getBytes(StandardCharsets.UTF_8), code.getBytes(StandardCharsets.UTF_8))) {
                throw ErrorCode.OTP_INVALID.exception("The code is wrong.");
            }
        } else {
            verifyChallenge(identifier, code);
        }
        UserAccounts.Login account = accounts.login(identifier.phone(), identifier.email());
        return new Login(sessions.open(account.user().id()), account);
    }

    private void verifyChallenge(Identifier identifier, String code) {
        String challengeId = hasher.challengeId(identifier);
        OtpVerification result = Commands.send(commands,
                new VerifyOtp(challengeId, hasher.codeHash(challengeId, code), clock.instant()),
                ErrorCode.OTP_INVALID, "No code is pending for this identifier.");
        if (!result.verified()) {
            throw ErrorCode.OTP_INVALID.exception("The code is wrong.").with("attemptsLeft", result.attemptsLeft());
        }
    }
}
