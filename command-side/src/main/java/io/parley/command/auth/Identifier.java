package io.parley.command.auth;

/** A normalised login identifier: an E.164 phone number or a lower-cased email address. */
public record Identifier(Method method, String value) {

    public enum Method {
        PHONE, EMAIL;

        public String json() {
            return this == PHONE ? "phone" : "email";
        }
    }

    public String phone() {
        return method == Method.PHONE ? value : null;
    }

    public String email() {
        return method == Method.EMAIL ? value : null;
    }
}
