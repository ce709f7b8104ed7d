package io.parley.app.media;

import io.parley.api.media.MediaStore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The embedded default's media store: a file per key under {@code <data-dir>/media}, written whole or not at all. */
final class LocalMediaStore implements MediaStore {

    private final Path root;

    LocalMediaStore(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), ".upload-", ".part");
        try {
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public InputStream get(String key) throws IOException {
        return Files.newInputStream(path(key));
    }

    @Override
    public InputStream get(String key, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(path(key));
        channel.position(offset);
        InputStream whole = Channels.newInputStream(channel);
        return new FilterInputStream(whole) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                left -= b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int read = super.read(buffer, offset, (int) Math.min(count, left));
                left -= Math.max(read, 0);
                return read;
            }
        };
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = path(key);
        Files.deleteIfExists(file);
        try {
            Files.deleteIfExists(file.getParent());
        } catch (java.nio.file.DirectoryNotEmptyException stillUsed) {
            // The media's other file is still there.
        }
    }

    /** Keys are {@code <uuid>/original|thumbnail}: made by Parley, never by a client; checked anyway. */
    private Path path(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Not a media key: " + key);
        }
        return path;
    }
}
