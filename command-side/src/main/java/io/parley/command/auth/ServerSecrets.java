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

/**
 * Server-side keys. A configured secret wins; otherwise a random 256-bit key is generated once and kept
 * under {@code parley.data-dir/keys}, so tokens and code hashes stay valid across restarts.
 */
@Component
public class ServerSecrets {

    private final Path keyDir;

    ServerSecrets(@Value("${parley.data-dir:./data}") String dataDir) {
        this.keyDir = Path.of(dataDir, "keys");
    }

    public byte[] key(String name, String configured) {
        if (configured != null && !configured.isBlank()) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException("The configured " + name + " secret must be at least 32 bytes long");
            }
            return bytes;
        }
        return storedKey(name);
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
