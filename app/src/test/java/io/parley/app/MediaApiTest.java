package io.parley.app;

import io.parley.api.media.MediaStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "Media" from outside, on the embedded default's local store ({@link MediaS3ApiTest} runs it on S3): uploads
 * sniffed from their bytes, images stripped of their metadata and thumbnailed by the worker, downloads with ranges
 * and validators, the access rule, chat attachments over REST and STOMP, avatars, deletion.
 */
class MediaApiTest extends ApiTest {

    @Autowired
    private MediaStore store;

    private Api.Response upload(User user, String fileName, byte[] bytes) {
        return MediaFiles.upload(port, "POST", "/api/media", user.token(), fileName, bytes);
    }

    private MediaFiles.Download download(User user, String path, Map<String, String> headers) {
        return MediaFiles.download(port, path, user == null ? null : user.token(), headers);
    }

    /** Uploads and waits for the worker; answers the media's id. */
    private String processedUpload(User owner, String fileName, byte[] bytes) throws InterruptedException {
        String id = upload(owner, fileName, bytes).json().path("mediaId").asString();
        processed(owner, id);
        return id;
    }

    private JsonNode processed(User owner, String mediaId) throws InterruptedException {
        return MediaFiles.processed(api(), owner.token(), mediaId);
    }

    @Test
    void aFileRoundTripsWithItsSha256RangesAndValidators() throws Exception {
        User ann = user();
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Api.Response uploaded = upload(ann, "../../etc/report\u202Egpj.exe", bytes);
        assertThat(uploaded.status()).as(uploaded.raw().body()).isEqualTo(201);
        JsonNode media = uploaded.json();
        String id = media.path("mediaId").asString();
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(media.path("kind").asString()).isEqualTo("file");
        assertThat(media.path("contentType").asString()).isEqualTo("application/octet-stream");
        assertThat(media.path("size").asLong()).isEqualTo(bytes.length);
        assertThat(media.path("sha256").asString()).isEqualTo(sha256);
        assertThat(media.path("fileName").asString()).as("no path, no direction override").isEqualTo("reportgpj.exe");
        assertThat(media.path("url").asString()).isEqualTo("/api/media/" + id);
        assertThat(processed(ann, id).path("state").asString()).isEqualTo("ready");

        MediaFiles.Download whole = download(ann, "/api/media/" + id, Map.of());
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bytes);
        assertThat(whole.header("Content-Disposition")).startsWith("attachment");
        assertThat(whole.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
        String etag = whole.header("ETag");
        assertThat(etag).isEqualTo("\"" + sha256 + "\"");

        assertThat(download(ann, "/api/media/" + id, Map.of("If-None-Match", etag)).status()).isEqualTo(304);
        MediaFiles.Download part = download(ann, "/api/media/" + id, Map.of("Range", "bytes=1000-1999"));
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 1000-1999/" + bytes.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 2000));
        MediaFiles.Download tail = download(ann, "/api/media/" + id, Map.of("Range", "bytes=-10"));
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 10, bytes.length));
        MediaFiles.Download beyond = download(ann, "/api/media/" + id, Map.of("Range", "bytes=900000-"));
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(new String(beyond.body(), StandardCharsets.UTF_8)).contains("range_not_satisfiable");
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + bytes.length);
        assertThat(download(null, "/api/media/" + id, Map.of()).status()).isEqualTo(401);
    }

    @Test
    void typesAreSniffedFromTheBytesNeverFromTheNameOrHeader() throws Exception {
        User ann = user();
        Api.Response png = upload(ann, "setup.exe", MediaFiles.png(40, 30));
        assertThat(png.json().path("contentType").asString()).isEqualTo("image/png");
        assertThat(png.json().path("kind").asString()).isEqualTo("image");
        assertThat(png.json().path("width").asInt()).isEqualTo(40);
        assertThat(png.json().path("height").asInt()).isEqualTo(30);

        byte[] page = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>".getBytes(StandardCharsets.UTF_8);
        Api.Response html = upload(ann, "holiday.jpg", page);
        assertThat(html.json().path("contentType").asString()).isEqualTo("text/html");
        assertThat(html.json().path("kind").asString()).isEqualTo("file");
        MediaFiles.Download served = download(ann, "/api/media/" + html.json().path("mediaId").asString(), Map.of());
        assertThat(served.header("Content-Disposition")).as("never rendered in our origin").startsWith("attachment");
        assertThat(served.header("Content-Security-Policy")).contains("sandbox");

        Api.Response empty = upload(ann, "empty.txt", new byte[0]);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.text("code")).isEqualTo("validation_failed");

        byte[] body = MediaFiles.multipart("cut-short.png", MediaFiles.png(10, 10));
        Api.Response cutShort = MediaFiles.send(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/media"))
                .header("Authorization", "Bearer " + ann.token()).header("Content-Type", MediaFiles.MULTIPART_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(body, body.length - 10))));
        assertThat(cutShort.status()).as("a body without its closing boundary").isEqualTo(400);
        assertThat(cutShort.text("code")).isEqualTo("validation_failed");

        byte[] jpeg = MediaFiles.jpeg(200, 100);
        Api.Response truncated = upload(ann, "cut.jpg", Arrays.copyOf(jpeg, jpeg.length / 3));
        assertThat(truncated.status()).isEqualTo(201);
        assertThat(truncated.json().path("contentType").asString()).isEqualTo("image/jpeg");
        assertThat(processed(ann, truncated.json().path("mediaId").asString()).path("state").asString())
                .as("ends, one way or the other").isIn("ready", "failed");

        Api.Response broken = upload(ann, "broken.png", MediaFiles.corruptPng());
        assertThat(processed(ann, broken.json().path("mediaId").asString()).path("state").asString()).isEqualTo("failed");
    }

    @Test
    void videoAndAudioGetTheirLengthAndAVideoItsSizeWhereTheirHeadersSayIt() throws Exception {
        User ann = user();
        JsonNode video = upload(ann, "clip.dat", MediaFiles.mp4(640, 360, 2500)).json();
        assertThat(video.path("kind").asString()).isEqualTo("video");
        assertThat(video.path("contentType").asString()).isEqualTo("video/mp4");
        assertThat(video.path("durationSeconds").asDouble()).isEqualTo(2.5);
        assertThat(video.path("width").asInt()).isEqualTo(640);
        assertThat(video.path("height").asInt()).isEqualTo(360);
        JsonNode ready = processed(ann, video.path("mediaId").asString());
        assertThat(ready.path("state").asString()).isEqualTo("ready");
        assertThat(ready.path("thumbnailUrl").isNull()).as("no poster frame").isTrue();
        assertThat(download(ann, "/api/media/" + video.path("mediaId").asString(), Map.of()).header("Content-Disposition")).startsWith("inline");

        JsonNode audio = upload(ann, "voice", MediaFiles.wav(1.5)).json();
        assertThat(audio.path("kind").asString()).isEqualTo("audio");
        assertThat(audio.path("durationSeconds").asDouble()).isEqualTo(1.5);
        assertThat(audio.path("width").isNull()).isTrue();
    }

    @Test
    void exifAndGpsAreGoneAndTheWorkerMakesAThumbnail() throws Exception {
        User ann = user();
        try (Socket socket = Socket.open(port, ann.token())) {
            byte[] photo = MediaFiles.jpegWithExif(1000, 500, 6, "GPS 48.8584N 2.2945E");
            Api.Response uploaded = upload(ann, "eiffel.jpg", photo);
            assertThat(uploaded.status()).as(uploaded.raw().body()).isEqualTo(201);
            String id = uploaded.json().path("mediaId").asString();
            assertThat(uploaded.json().path("width").asInt()).as("turned as its orientation said").isEqualTo(500);
            assertThat(uploaded.json().path("height").asInt()).isEqualTo(1000);

            JsonNode ready = socket.next("media:ready").path("data");
            assertThat(ready.path("mediaId").asString()).isEqualTo(id);
            assertThat(ready.path("state").asString()).isEqualTo("ready");
            assertThat(ready.path("thumbnailUrl").asString()).isEqualTo("/api/media/" + id + "/thumbnail");

            byte[] stored = download(ann, "/api/media/" + id, Map.of()).body();
            String raw = new String(stored, StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("Exif").doesNotContain("48.8584");
            assertThat(MediaFiles.size(stored)).containsExactly(500, 1000);
            assertThat(download(ann, "/api/media/" + id, Map.of()).header("Content-Disposition")).startsWith("inline");

            MediaFiles.Download thumbnail = download(ann, "/api/media/" + id + "/thumbnail", Map.of());
            assertThat(thumbnail.status()).isEqualTo(200);
            assertThat(thumbnail.header("Content-Type")).isEqualTo("image/jpeg");
            assertThat(MediaFiles.size(thumbnail.body())).containsExactly(160, 320);
        }
        byte[] stripped = MediaFiles.jpegWithExif(64, 48, 1, "GPS 51.5007N");
        JsonNode upright = upload(ann, "upright.jpg", stripped).json();
        byte[] stored = download(ann, "/api/media/" + upright.path("mediaId").asString(), Map.of()).body();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("Exif").doesNotContain("51.5007");
        assertThat(stored.length).as("stripped losslessly: only the segment is gone").isLessThan(stripped.length);
    }

    @Test
    void bytesGoneBeforeTheirReadModelSaySoAreA404NotAResponseCutShort() throws Exception {
        User ann = user();
        String id = processedUpload(ann, "photo.png", MediaFiles.png(50, 50));
        assertThat(download(ann, "/api/media/" + id + "/thumbnail", Map.of()).status()).isEqualTo(200);
        store.delete(MediaStore.original(id));
        store.delete(MediaStore.thumbnail(id));

        for (MediaFiles.Download gone : List.of(download(ann, "/api/media/" + id, Map.of()),
                download(ann, "/api/media/" + id, Map.of("Range", "bytes=0-9")),
                download(ann, "/api/media/" + id + "/thumbnail", Map.of()))) {
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(new String(gone.body(), StandardCharsets.UTF_8)).contains("\"code\":\"media_not_found\"");
        }
    }

    @Test
    void onlyTheUploaderChatMembersAndForAnAvatarEveryoneMaySeeMedia() throws Exception {
        User ann = user();
        User ben = user();
        User eve = user();
        connect(ann, ben);
        String id = processedUpload(ann, "photo.png", MediaFiles.png(50, 50));
        assertThat(download(ben, "/api/media/" + id, Map.of()).status()).as("not yet in a chat").isEqualTo(404);

        Api.Response sent = api().post("/api/chat/send", ann.token(), json("{'to':'%s','mediaId':'%s','text':'look'}", ben.id(), id));
        assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
        assertThat(sent.text("type")).isEqualTo("image");
        assertThat(sent.text("text")).isEqualTo("look");
        assertThat(sent.json().path("media").path("mediaId").asString()).isEqualTo(id);
        assertThat(download(ben, "/api/media/" + id, Map.of()).status()).isEqualTo(200);
        assertThat(download(ben, "/api/media/" + id + "/thumbnail", Map.of()).status()).isEqualTo(200);
        Api.Response probe = api().get("/api/media/" + id + "/info", eve.token());
        assertThat(probe.status()).isEqualTo(404);
        assertThat(probe.text("code")).isEqualTo("media_not_found");
        assertThat(download(eve, "/api/media/" + id, Map.of()).status()).isEqualTo(404);

        Api.Response avatar = MediaFiles.upload(port, "PUT", "/api/users/me/avatar", ann.token(), "me.png", MediaFiles.png(64, 64));
        assertThat(avatar.status()).as(avatar.raw().body()).isEqualTo(200);
        String avatarUrl = avatar.text("avatarUrl");
        assertThat(avatarUrl).startsWith("/api/media/");
        assertThat(download(eve, avatarUrl, Map.of()).status()).as("an avatar is everyone's to see").isEqualTo(200);
        assertThat(api().get("/api/users/" + ann.id(), eve.token()).text("avatarUrl")).isEqualTo(avatarUrl);

        assertThat(api().send("PUT", "/api/users/me/avatar", ann.token(), json("{'mediaId':'%s'}", id), "application/json").text("avatarUrl"))
                .isEqualTo("/api/media/" + id);
        assertThat(download(eve, avatarUrl, Map.of()).status()).as("a replaced avatar is private again").isEqualTo(404);
        Api.Response removed = api().delete("/api/users/me/avatar", ann.token());
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("avatarUrl").isNull()).isTrue();
        assertThat(download(eve, "/api/media/" + id, Map.of()).status()).as("a removed avatar is private again").isEqualTo(404);
        assertThat(api().send("PUT", "/api/users/me/avatar", ann.token(),
                json("{'mediaId':'%s'}", avatarUrl.substring("/api/media/".length())), "application/json").status()).isEqualTo(200);
        assertThat(download(eve, avatarUrl, Map.of()).status()).as("an avatar chosen again is everyone's again").isEqualTo(200);

        String text = processedUpload(ann, "notes.txt", "just text".getBytes(StandardCharsets.UTF_8));
        Api.Response notImage = api().send("PUT", "/api/users/me/avatar", ann.token(), json("{'mediaId':'%s'}", text), "application/json");
        assertThat(notImage.status()).isEqualTo(415);
        assertThat(notImage.text("code")).isEqualTo("media_type_not_allowed");
        Api.Response htmlAvatar = MediaFiles.upload(port, "PUT", "/api/users/me/avatar", ann.token(), "me.png",
                "<html></html>".getBytes(StandardCharsets.UTF_8));
        assertThat(htmlAvatar.text("code")).isEqualTo("media_type_not_allowed");
    }

    @Test
    void chatMediaGoesOverRestAndStompAndOnlyTheSendersReadyMediaMayBeSent() throws Exception {
        User ann = user();
        User ben = user();
        connect(ann, ben);
        String id = upload(ann, "clip.png", MediaFiles.png(30, 30)).json().path("mediaId").asString();
        Api.Response stolen = api().post("/api/chat/send", ben.token(), json("{'to':'%s','mediaId':'%s'}", ann.id(), id));
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(stolen.text("code")).isEqualTo("media_not_found");
        processed(ann, id);
        try (Socket benSocket = Socket.open(port, ben.token()); Socket annSocket = Socket.open(port, ann.token())) {
            annSocket.send("/app/chat.send", json("{'to':'%s','mediaId':'%s','clientMessageId':'stomp-1'}", ben.id(), id));
            JsonNode received = benSocket.next("chat:receive").path("data");
            assertThat(received.path("type").asString()).isEqualTo("image");
            assertThat(received.path("text").isNull()).isTrue();
            assertThat(received.path("media").path("mediaId").asString()).isEqualTo(id);
            assertThat(received.path("media").path("thumbnailUrl").asString()).endsWith("/thumbnail");
            JsonNode history = api().get("/api/chat/" + received.path("chatId").asString(), ben.token()).json();
            assertThat(history.path("messages").get(0).path("media").path("kind").asString()).isEqualTo("image");

            annSocket.send("/app/chat.send", json("{'to':'%s','mediaId':'no-such-media'}", ben.id()));
            assertThat(annSocket.nextError().path("code").asString()).isEqualTo("media_not_found");
        }
        String failed = processedUpload(ann, "broken.png", MediaFiles.corruptPng());
        Api.Response notReady = api().post("/api/chat/send", ann.token(), json("{'to':'%s','mediaId':'%s'}", ben.id(), failed));
        assertThat(notReady.status()).isEqualTo(409);
        assertThat(notReady.text("code")).isEqualTo("media_not_ready");
        assertThat(api().post("/api/chat/send", ann.token(), json("{'to':'%s'}", ben.id())).text("code")).isEqualTo("validation_failed");
    }

    @Test
    void deletedMediaIsGoneForEveryoneAndItsMessagesShowNoMedia() throws Exception {
        User ann = user();
        User ben = user();
        connect(ann, ben);
        String id = processedUpload(ann, "gone.png", MediaFiles.png(20, 20));
        String chatId = api().post("/api/chat/send", ann.token(), json("{'to':'%s','mediaId':'%s'}", ben.id(), id)).text("chatId");
        assertThat(api().delete("/api/media/" + id, ben.token()).text("code")).as("only the uploader").isEqualTo("media_not_found");
        assertThat(api().delete("/api/media/" + id, ann.token()).status()).isEqualTo(204);

        // The media worker deletes the bytes, the media projection the view, each on its own processor: wait for the
        // view (info reads it alone), which the history page reads too.
        long deadline = System.currentTimeMillis() + 10_000;
        while (api().get("/api/media/" + id + "/info", ann.token()).status() != 404) {
            assertThat(System.currentTimeMillis()).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(download(ann, "/api/media/" + id, Map.of()).status()).isEqualTo(404);
        assertThat(download(ben, "/api/media/" + id, Map.of()).status()).isEqualTo(404);
        JsonNode message = api().get("/api/chat/" + chatId, ben.token()).json().path("messages").get(0);
        assertThat(message.path("type").asString()).isEqualTo("image");
        assertThat(message.path("media").isNull()).isTrue();
        assertThat(api().delete("/api/media/" + id, ann.token()).status()).isEqualTo(404);
    }
}
