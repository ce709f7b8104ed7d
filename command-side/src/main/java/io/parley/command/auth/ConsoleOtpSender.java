package io.parley.command.auth;

import org.springframework.stereotype.Component;

/** The development driver: exactly one line per code on standard output, as API.md specifies. */
@Component
class ConsoleOtpSender implements OtpSender {

    @Override
    public String name() {
        return "console";
    }

    @Override
    public boolean supports(Identifier.Method method) {
        return true;
    }

    @Override
    public void send(Identifier to, String code) {
        // Looked up at each call (not kept in a field) so a redirected System.out is honoured; println is atomic.
        System.out.println("OTP for " + to.value() + ": " + code);
    }
}
