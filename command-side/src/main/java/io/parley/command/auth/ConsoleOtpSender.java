package io.parley.command.auth;

import org.springframework.stereotype.Component;

import java.io.PrintStream;

/** The development driver: exactly one line per code on standard output, as API.md specifies. */
@Component
class ConsoleOtpSender implements OtpSender {

    private final PrintStream out = System.out;

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
        synchronized (out) {
            out.println("OTP for " + to.value() + ": " + code);
            out.flush();
        }
    }
}
