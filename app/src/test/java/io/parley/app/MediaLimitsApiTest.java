package io.parley.app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-kind size limits, the per-user quota and the orphan clean-up, with small limits and a short orphan time. */
@TestPropertySource(properties = {
        "parley.media.max-size.image=64KB", "parley.media.max-size.video=64KB", "parley.media.max-size.audio=64KB",
        "parley.media.max-size.file=256KB", "parley.media.quota=400KB",
        "parley.media.orphan-ttl=2s", "parley.deadlines.poll-every=200ms"})
class MediaLimitsApiTest extends ApiTest {

    @Value("${parley.data-dir}")
    private Path dataDir;

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        bytes[0] = 'x';
        return bytes;
    }

    /** Random bytes behind a PNG signature: sniffed as an image. */
    private static byte[] pngLike(int size) {
        byte[] bytes = random(size);
        System.arraycopy(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, 0, bytes, 0, 8);
        return bytes;
    }

    @Test
    void eachKindHasItsLimitAndEachUserAQuota() {
        User ann = user();
        Api.Response image = MediaFiles.upload(port, "POST", "/api/media", ann.token(), "big.png", pngLike(100 * 1024));
        assertThat(image.status()).isEqualTo(413);
        assertThat(image.text("code")).isEqualTo("media_too_large");

        Api.Response declared = MediaFiles.upload(port, "POST", "/api/media", ann.token(), "huge.bin", random(400 * 1024));
        assertThat(declared.status()).as("refused from its declared length").isEqualTo(413);
        assertThat(declared.text("code")).isEqualTo("media_too_large");

        assertThat(MediaFiles.upload(port, "POST", "/api/media", ann.token(), "a.bin", random(200 * 1024)).status()).isEqualTo(201);
        Api.Response over = MediaFiles.upload(port, "POST", "/api/media", ann.token(), "b.bin", random(201 * 1024));
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.text("code")).isEqualTo("media_quota_exceeded");
        assertThat(MediaFiles.upload(port, "POST", "/api/media", user().token(), "b.bin", random(201 * 1024)).status())
                .as("another user's quota").isEqualTo(201);
    }

    @Test
    void anUploadNothingUsesIsDeletedAfterTheOrphanTimeAndAUsedOneStays() throws Exception {
        User ann = user();
        String orphan = MediaFiles.upload(port, "POST", "/api/media", ann.token(), "o.png", MediaFiles.png(10, 10)).json().path("mediaId").asString();
        String avatar = MediaFiles.upload(port, "POST", "/api/media", ann.token(), "a.png", MediaFiles.png(10, 10)).json().path("mediaId").asString();
        assertThat(Files.exists(dataDir.resolve("media").resolve(orphan).resolve("original"))).isTrue();
        Api.Response chosen = api().send("PUT", "/api/users/me/avatar", ann.token(), Api.json("{'mediaId':'%s'}", avatar), "application/json");
        assertThat(chosen.status()).as(chosen.raw().body()).isEqualTo(200);

        long deadline = System.currentTimeMillis() + 20_000;
        while (api().get("/api/media/" + orphan + "/info", ann.token()).status() != 404) {
            assertThat(System.currentTimeMillis()).as("the orphan is deleted").isLessThan(deadline);
            Thread.sleep(100);
        }
        while (Files.exists(dataDir.resolve("media").resolve(orphan).resolve("original"))) {
            assertThat(System.currentTimeMillis()).as("its bytes are deleted").isLessThan(deadline);
            Thread.sleep(100);
        }
        Thread.sleep(1_000);
        assertThat(api().get("/api/media/" + avatar + "/info", ann.token()).status()).as("used: kept").isEqualTo(200);
    }
}
