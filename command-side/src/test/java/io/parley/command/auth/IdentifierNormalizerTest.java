package io.parley.command.auth;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifierNormalizerTest {

    private final IdentifierNormalizer normalizer = new IdentifierNormalizer();

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "'+91 98765-43210', null, +919876543210",
            "098765 43210, IN, +919876543210",
            "9876543210, in, +919876543210",
            "'(415) 555-0123', US, +14155550123",
            "+44 20 7946 0958, FR, +442079460958"})
    void phonesBecomeE164(String raw, String region, String expected) {
        Identifier identifier = normalizer.normalize(raw, region);
        assertThat(identifier.method()).isEqualTo(Identifier.Method.PHONE);
        assertThat(identifier.value()).isEqualTo(expected);
    }

    @Test
    void emailsAreTrimmedAndLowerCased() {
        Identifier identifier = normalizer.normalize("  Ann.Lee+chat@Example.COM ", null);
        assertThat(identifier.method()).isEqualTo(Identifier.Method.EMAIL);
        assertThat(identifier.value()).isEqualTo("ann.lee+chat@example.com");
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "9876543210, null", "12345, IN", "+1 555, null", "9876543210, ZZ", "a@b, null", "@example.com, null",
            "a b@example.com, null", "'', null", "null, null", "not a thing, null"})
    void anythingElseIsAnInvalidIdentifier(String raw, String region) {
        assertThatThrownBy(() -> normalizer.normalize(raw, region))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
    }
}
