package io.parley.command.auth;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Server-side keys, each configured as {@code PARLEY_<NAME>_SECRET}. A configured secret wins, and must be at least
 * 32 bytes and no well-known placeholder: a secret copied from an example would let anyone who read the example
 * mint tokens. Without one, a random 256-bit key is generated once and kept under {@code parley.data-dir/keys}, so
 * tokens and code hashes stay valid across restarts; where {@code parley.secrets.required} (the {@code prod}
 * profile), the server refuses to start instead, since several nodes must share their keys.
 */
@Component
public class ServerSecrets {

    /** Placeholders as examples and templates write them, and values too uniform to be random. */
    private static final Pattern WELL_KNOWN = Pattern.compile(
            "(?i).*((change|replace)[-_ .]?(it|me)|example|placeholder|your[-_ .]?secret).*");
    private static final int MIN_DISTINCT_CHARACTERS = 10;

    private final Path keyDir;
    private final boolean required;

    ServerSecrets(@Value("${parley.data-dir:./data}") String dataDir,
                  @Value("${parley.secrets.required:false}") boolean required) {
        this.keyDir = Path.of(dataDir, "keys");
        this.required = required;
    }

    public byte[] key(String name, String configured) {
        String variable = "PARLEY_" + name.toUpperCase(Locale.ROOT) + "_SECRET";
        if (configured == null || configured.isBlank()) {
            if (required) {
                throw new IllegalStateException(variable + " is not set: give every node the same random secret of at"
                        + " least 32 bytes (e.g. openssl rand -base64 48)");
            }
            return storedKey(name);
        }
        byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException(variable + " is too short: it must be at least 32 bytes long");
        }
        if (WELL_KNOWN.matcher(configured).matches() || configured.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
            throw new IllegalStateException(variable + " is a well-known placeholder or not random: set a random secret"
                    + " of at least 32 bytes (e.g. openssl rand -base64 48)");
        }
        return bytes;
    }

    private synchronized byte[] storedKey(String name) {
        Path file = keyDir.resolve(name + ".key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(keyDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(keyDir, name, ".tmp");
            restrictToOwner(tmp);
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the key " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows file systems: the data dir's own permissions apply.
        }
    }
}
