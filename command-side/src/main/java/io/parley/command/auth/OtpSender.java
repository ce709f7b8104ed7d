package io.parley.command.auth;

/** A way to hand a code to its owner: the port behind which the console, SMS and email drivers sit. */
interface OtpSender {

    /** The name the {@code parley.otp.*-driver} settings use. */
    String name();

    boolean supports(Identifier.Method method);

    /** @throws OtpDeliveryException when the provider did not accept the code */
    void send(Identifier to, String code);

    final class OtpDeliveryException extends RuntimeException {
        OtpDeliveryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
