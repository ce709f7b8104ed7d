package io.parley.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 64 MiB upload streamed through a server whose whole heap is smaller than the file plus what the server holds
 * anyway: it can only succeed if the upload never sits in memory. The download streams back the same bytes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaStreamingTest {

    private static final long SIZE = 64L * 1024 * 1024;
    private static final String BOUNDARY = "parley-stream-boundary";
    private final Path logs = Path.of("target", "media-streaming", UUID.randomUUID().toString().substring(0, 8));
    private AppProcess app;

    @BeforeAll
    void start() throws Exception {
        app = AppProcess.start("small-heap", logs, Map.of(), List.of(
                "--parley.data-dir=" + logs.resolve("data").toAbsolutePath(),
                "--parley.otp.test-identifiers[stream@parley.test]=123456"), "96m").awaitReady();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    /** The same pseudo-random 64 MiB each time it is asked for, made as it is read. */
    private static InputStream content() {
        Random random = new Random(64);
        return new InputStream() {
            private long left = SIZE;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                int count = (int) Math.min(length, left);
                byte[] chunk = new byte[count];
                random.nextBytes(chunk);
                System.arraycopy(chunk, 0, buffer, offset, count);
                left -= count;
                return count;
            }
        };
    }

    @Test
    void a64MiBUploadNeverSitsInTheHeap() throws Exception {
        String token = app.api().post("/api/auth/otp/verify", null, json("{'identifier':'stream@parley.test','otp':'123456'}")).text("token");
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"video.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/media"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        java.util.Collections.enumeration(List.of(new ByteArrayInputStream(head), content(), new ByteArrayInputStream(tail))))),
                        head.length + SIZE + tail.length));
        Api.Response uploaded = MediaFiles.send(app.port(), request);
        assertThat(uploaded.status()).as(uploaded.raw().body()).isEqualTo(201);
        JsonNode media = uploaded.json();
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(content(), expected)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(media.path("size").asLong()).isEqualTo(SIZE);
        assertThat(media.path("sha256").asString()).isEqualTo(HexFormat.of().formatHex(expected.digest()));

        MediaFiles.Download back = MediaFiles.download(app.port(), "/api/media/" + media.path("mediaId").asString(), token, Map.of());
        assertThat(back.status()).isEqualTo(200);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(back.body())))
                .isEqualTo(media.path("sha256").asString());
    }
}
