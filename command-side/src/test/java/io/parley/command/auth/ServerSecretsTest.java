package io.parley.command.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No default secret works: configured secrets are long and not well known; the prod profile needs them set. */
class ServerSecretsTest {

    @TempDir
    Path dir;

    private static final String RANDOM = "q8Jv2Lx0TzR7mW4kYc1NfH6bPd3sGa9E";

    @Test
    void aRandomSecretOfAtLeast32BytesIsTaken() {
        assertThat(new ServerSecrets(dir.toString(), true).key("jwt", RANDOM)).isEqualTo(RANDOM.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutOneAKeyIsGeneratedOnceUnlessSecretsAreRequired() {
        byte[] generated = new ServerSecrets(dir.toString(), false).key("jwt", "");
        assertThat(generated).hasSize(32);
        assertThat(new ServerSecrets(dir.toString(), false).key("jwt", null)).isEqualTo(generated);

        assertThatThrownBy(() -> new ServerSecrets(dir.toString(), true).key("jwt", " "))
                .hasMessageStartingWith("PARLEY_JWT_SECRET is not set");
        assertThatThrownBy(() -> new ServerSecrets(dir.toString(), true).key("otp", null))
                .hasMessageStartingWith("PARLEY_OTP_SECRET is not set");
    }

    @Test
    void shortPlaceholderAndUniformSecretsAreRefusedNamingTheirVariable() {
        for (String weak : new String[]{
                "too-short-to-sign-anything",
                "change-me-change-me-change-me-change-me",
                "change-me-too-change-me-too-change-me-too",
                "REPLACE_ME_with_32_random_bytes_from_openssl",
                "an-example-secret-for-the-docs-only-0123456789",
                "k".repeat(32),
                "abababababababababababababababab12"}) {
            for (boolean required : new boolean[]{false, true}) {
                assertThatThrownBy(() -> new ServerSecrets(dir.toString(), required).key("jwt", weak)).as(weak)
                        .hasMessageStartingWith("PARLEY_JWT_SECRET is ");
            }
        }
    }
}
