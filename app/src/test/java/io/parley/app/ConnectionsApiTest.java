package io.parley.app;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

class ConnectionsApiTest extends ApiTest {

    private String qr(User owner) {
        return api().post("/api/qr/generate", owner.token(), null).text("token");
    }

    private Api.Response scan(User scanner, String token) {
        return api().post("/api/connections/request", scanner.token(), json("{'qrToken':'%s'}", token));
    }

    @Test
    void aQrCodeCarriesASingleUseLinkAndAPngThatDecodesToIt() throws Exception {
        User alice = user();
        Api.Response code = api().post("/api/qr/generate", alice.token(), null);
        assertThat(code.status()).isEqualTo(201);
        String token = code.text("token");
        assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(code.text("link")).isEqualTo("parley://connect/" + token);
        assertThat(code.json().path("ttlSeconds").asInt()).isEqualTo(30);
        assertThat(code.text("expiresAt")).isNotBlank();
        assertThat(decode(Base64.getDecoder().decode(code.text("png")))).isEqualTo("parley://connect/" + token);

        HttpResponse<byte[]> png = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/qr/generate"))
                .header("Authorization", "Bearer " + alice.token()).header("Accept", "image/png")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(201);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(256);
        assertThat(decode(png.body())).startsWith("parley://connect/");

        assertThat(api().post("/api/qr/generate", null, null).status()).isEqualTo(401);
    }

    @Test
    void scanAcceptAndBothSeeEachOtherConnectedWithContactDetails() {
        User alice = user();
        User bob = user();
        assertThat(api().get("/api/users/" + alice.id(), bob.token()).json().has("email")).isFalse();

        Api.Response requested = scan(bob, qr(alice));
        assertThat(requested.status()).isEqualTo(201);
        assertThat(requested.text("status")).isEqualTo("pending");
        assertThat(requested.text("direction")).isEqualTo("outgoing");
        assertThat(requested.json().path("user").path("id").asString()).isEqualTo(alice.id());
        String connectionId = requested.text("connectionId");

        Api.Response incoming = api().get("/api/connections?status=pending", alice.token());
        assertThat(incoming.json().size()).isEqualTo(1);
        assertThat(incoming.json().get(0).path("direction").asString()).isEqualTo("incoming");
        assertThat(incoming.json().get(0).path("user").path("id").asString()).isEqualTo(bob.id());

        Api.Response byRequester = api().post("/api/connections/accept", bob.token(), json("{'connectionId':'%s'}", connectionId));
        assertThat(byRequester.status()).isEqualTo(403);
        assertThat(byRequester.text("code")).isEqualTo("forbidden");

        Api.Response accepted = api().post("/api/connections/accept", alice.token(), json("{'connectionId':'%s'}", connectionId));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.text("status")).isEqualTo("accepted");
        assertThat(accepted.text("direction")).isEqualTo("incoming");

        assertThat(api().get("/api/connections?status=accepted", bob.token()).json().get(0).path("connectionId").asString())
                .isEqualTo(connectionId);
        assertThat(api().get("/api/connections?status=pending", bob.token()).json().size()).isZero();
        Api.Response aliceSeenByBob = api().get("/api/users/" + alice.id(), bob.token());
        assertThat(aliceSeenByBob.json().path("email").asString()).endsWith("@example.com");
        assertThat(api().get("/api/presence/" + alice.id(), bob.token()).status()).isEqualTo(200);

        Api.Response again = scan(bob, qr(alice));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("code")).isEqualTo("connection_exists");
        assertThat(scan(alice, qr(bob)).text("code")).as("the other way round too").isEqualTo("connection_exists");
    }

    @Test
    void declineThenConnectAgainLater() {
        User alice = user();
        User bob = user();
        String connectionId = scan(bob, qr(alice)).text("connectionId");
        Api.Response declined = api().post("/api/connections/decline", alice.token(), json("{'connectionId':'%s'}", connectionId));
        assertThat(declined.status()).isEqualTo(200);
        assertThat(declined.text("status")).isEqualTo("declined");
        assertThat(api().post("/api/connections/accept", alice.token(), json("{'connectionId':'%s'}", connectionId)).text("code"))
                .isEqualTo("connection_not_pending");
        assertThat(api().get("/api/presence/" + alice.id(), bob.token()).status()).isEqualTo(403);

        assertThat(scan(bob, qr(alice)).status()).isEqualTo(201);
    }

    @Test
    void eitherSideRemovesByConnectionOrByUser() {
        User alice = user();
        User bob = user();
        String first = scan(bob, qr(alice)).text("connectionId");
        api().post("/api/connections/accept", alice.token(), json("{'connectionId':'%s'}", first));

        assertThat(api().delete("/api/connections/remove?userId=" + alice.id(), bob.token()).status()).isEqualTo(204);
        assertThat(api().get("/api/connections?status=removed", alice.token()).json().get(0).path("connectionId").asString())
                .isEqualTo(first);
        assertThat(api().get("/api/users/" + bob.id(), alice.token()).json().has("email")).isFalse();
        assertThat(api().delete("/api/connections/remove?userId=" + alice.id(), bob.token()).text("code"))
                .isEqualTo("connection_not_found");

        String second = scan(bob, qr(alice)).text("connectionId");
        api().post("/api/connections/accept", alice.token(), json("{'connectionId':'%s'}", second));
        assertThat(api().delete("/api/connections/remove?connectionId=" + second, alice.token()).status()).isEqualTo(204);
        assertThat(api().delete("/api/connections/remove?connectionId=" + second, alice.token()).text("code"))
                .isEqualTo("connection_not_found");
    }

    @Test
    void badScansAndRequestsAreProblems() {
        User alice = user();
        User bob = user();
        User carol = user();

        Api.Response self = scan(alice, qr(alice));
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.text("code")).isEqualTo("self_connection");

        String superseded = qr(alice);
        String current = qr(alice);
        assertThat(scan(bob, superseded).status()).isEqualTo(410);
        assertThat(scan(bob, "no-such-token").text("code")).isEqualTo("qr_invalid");
        String connectionId = scan(bob, "parley://connect/" + current).text("connectionId");
        assertThat(connectionId).as("the full link works as well as the bare token").isNotBlank();
        assertThat(scan(carol, current).text("code")).as("used").isEqualTo("qr_invalid");

        assertThat(api().post("/api/connections/accept", carol.token(), json("{'connectionId':'%s'}", connectionId)).text("code"))
                .isEqualTo("connection_not_found");
        assertThat(api().post("/api/connections/accept", alice.token(), json("{'connectionId':'nope'}")).text("code"))
                .isEqualTo("connection_not_found");
        assertThat(api().post("/api/connections/accept", alice.token(), json("{}")).text("code")).isEqualTo("validation_failed");
        assertThat(api().post("/api/connections/request", alice.token(), json("{'qrToken':7}")).text("code")).isEqualTo("validation_failed");
        assertThat(api().delete("/api/connections/remove", alice.token()).text("code")).isEqualTo("validation_failed");
        assertThat(api().get("/api/connections?status=weird", alice.token()).text("code")).isEqualTo("validation_failed");
        assertThat(api().get("/api/connections", null).status()).isEqualTo(401);
    }

    private static String decode(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        var source = new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels);
        // A rendered code, not a photo: without PURE_BARCODE the finder-pattern search failed on 8 of 1,000 codes.
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
    }
}
