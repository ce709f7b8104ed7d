package io.parley.command.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OtpHasherTest {

    private final Identifier alice = new Identifier(Identifier.Method.EMAIL, "alice@example.com");

    @Test
    void hashesHideTheCodeAndTheIdentifierAndDependOnTheServerKey(@TempDir Path one, @TempDir Path two) {
        OtpHasher hasher = new OtpHasher(new ServerSecrets(one.toString(), false), "");
        String challengeId = hasher.challengeId(alice);
        String codeHash = hasher.codeHash(challengeId, "123456");

        assertThat(challengeId).doesNotContain("alice").isEqualTo(hasher.challengeId(alice));
        assertThat(codeHash).doesNotContain("123456").isEqualTo(hasher.codeHash(challengeId, "123456"));
        assertThat(hasher.codeHash(challengeId, "123457")).isNotEqualTo(codeHash);

        assertThat(new OtpHasher(new ServerSecrets(one.toString(), false), "").codeHash(challengeId, "123456"))
                .as("the generated key is kept under the data dir").isEqualTo(codeHash);
        assertThat(new OtpHasher(new ServerSecrets(two.toString(), false), "").codeHash(challengeId, "123456"))
                .as("another server key gives another hash").isNotEqualTo(codeHash);
    }

    @Test
    void codesAreSixDigits(@TempDir Path dir) {
        OtpHasher hasher = new OtpHasher(new ServerSecrets(dir.toString(), false), "");
        for (int i = 0; i < 200; i++) {
            assertThat(hasher.newCode()).matches("\\d{6}");
        }
    }
}
