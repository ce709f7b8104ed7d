package io.parley.app;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The device push drivers against stand-ins: WireMock as FCM (its OAuth2 token endpoint and messages:send) and as a
 * Web Push service, whose recorded pushes the test decrypts with the subscription's keys (RFC 8291) and whose VAPID
 * JWT it verifies (RFC 8292). Payloads carry no message text (previews are off by default).
 */
class PushDriversTest extends ApiTest {

    private static final WireMockServer PROVIDERS = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SEND = "/v1/projects/parley-test/messages:send";
    private static final KeyPair VAPID = p256();
    private static final Duration WITHIN = Duration.ofSeconds(15);

    static {
        PROVIDERS.start();
        PROVIDERS.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"ya29.parley-test\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")));
        PROVIDERS.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"name\":\"projects/parley-test/messages/1\"}")));
        PROVIDERS.stubFor(post(urlPathEqualTo("/push/live")).willReturn(aResponse().withStatus(201)));
        PROVIDERS.stubFor(post(urlPathEqualTo("/push/gone")).willReturn(aResponse().withStatus(410)));
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        registry.add("parley.push.fcm.project-id", () -> "parley-test");
        registry.add("parley.push.fcm.credentials", PushDriversTest::serviceAccountKey);
        registry.add("parley.push.fcm.url", PROVIDERS::baseUrl);
        registry.add("parley.push.webpush.public-key", () -> base64Url(uncompressed((ECPublicKey) VAPID.getPublic())));
        registry.add("parley.push.webpush.private-key", () -> base64Url(scalar((ECPrivateKey) VAPID.getPrivate())));
        registry.add("parley.push.webpush.subject", () -> "mailto:ops@parley.test");
        registry.add("parley.push.webpush.allow-http", () -> "true");
        registry.add("parley.push.attempts", () -> "3");
        registry.add("parley.push.retry-backoff", () -> "100ms");
        registry.add("parley.push.timeout", () -> "2s");
    }

    @Test
    void fcmPushesUseTheServiceAccountsTokenCollapsePerChatAndCarryNoText() throws Exception {
        User ann = named("Ann");
        User ben = user();
        connect(ann, ben);
        String token = "tok-ben-" + UUID.randomUUID();
        register(ben, json("{'platform':'fcm','token':'%s'}", token));
        String chatId = sendText(ann, ben.id(), "secret text one");
        sendText(ann, ben.id(), "secret text two");

        // One push per message, or one for both when the notification worker takes them in one batch (a CI run did).
        List<LoggedRequest> pushes = eventually(WITHIN, () -> fcmPushes(token, "chat:message"),
                found -> !found.isEmpty() && found.get(found.size() - 1).getBodyAsString().contains("\"count\":\"2\""));
        assertThat(pushes).hasSizeLessThanOrEqualTo(2);
        for (LoggedRequest push : pushes) {
            assertThat(push.getHeader("Authorization")).isEqualTo("Bearer ya29.parley-test");
            assertThat(push.getBodyAsString()).doesNotContain("secret text");
            JsonNode message = JSON.readTree(push.getBodyAsString()).path("message");
            assertThat(message.path("android").path("collapse_key").asString()).isEqualTo(chatId);
            assertThat(message.path("apns").path("headers").path("apns-collapse-id").asString()).isEqualTo(chatId);
            assertThat(message.path("data").path("chatId").asString()).isEqualTo(chatId);
            assertThat(message.path("notification").path("title").asString()).isEqualTo("Ann");
        }
        assertThat(JSON.readTree(pushes.get(pushes.size() - 1).getBodyAsString()).path("message").path("notification").path("body").asString())
                .isEqualTo("2 new messages");
        PROVIDERS.verify(postRequestedFor(urlEqualTo("/token"))
                .withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer")));
    }

    @Test
    void aDeviceFcmReportsGoneIsRemovedAndAFailingFcmIsTriedThenGivenUpWithoutHoldingUpTheInbox() throws Exception {
        String gone = "tok-gone-" + UUID.randomUUID();
        PROVIDERS.stubFor(post(urlEqualTo(SEND)).withRequestBody(matchingJsonPath("$.message.token", containing(gone)))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":404,\"status\":\"NOT_FOUND\",\"details\":[{\"errorCode\":\"UNREGISTERED\"}]}}")));
        String down = "tok-down-" + UUID.randomUUID();
        PROVIDERS.stubFor(post(urlEqualTo(SEND)).withRequestBody(matchingJsonPath("$.message.token", containing(down)))
                .willReturn(aResponse().withStatus(503).withFixedDelay(500)));
        User cy = user();
        User dan = user();
        User eve = user();
        register(cy, json("{'platform':'fcm','token':'%s'}", gone));
        register(dan, json("{'platform':'fcm','token':'%s'}", down));

        requestConnection(user(), cy);
        eventually(WITHIN, () -> api().get("/api/devices", cy.token()).json().size(), count -> count == 0);

        requestConnection(user(), dan);
        requestConnection(user(), eve);
        long askedAt = System.nanoTime();
        eventually(WITHIN, () -> api().get("/api/notifications", eve.token()).json().path("unreadCount").asLong(), count -> count == 1);
        assertThat((System.nanoTime() - askedAt) / 1_000_000).as("the inbox does not wait for the failing provider").isLessThan(1500);
        eventually(WITHIN, () -> fcmPushes(down, null).size(), count -> count == 3);
        Thread.sleep(1000);
        assertThat(fcmPushes(down, null)).as("three attempts, then it gives up").hasSize(3);
        assertThat(api().get("/api/devices", dan.token()).json().size()).as("a failing provider removes no device").isEqualTo(1);
    }

    @Test
    void webPushesAreEncryptedForTheSubscriptionSignedWithVapidAndCarryNoText() throws Exception {
        User ann = named("Ann");
        User ben = user();
        connect(ann, ben);
        KeyPair subscriber = p256();
        byte[] auth = new byte[16];
        new SecureRandom().nextBytes(auth);
        String endpoint = PROVIDERS.baseUrl() + "/push/live?device=" + UUID.randomUUID();
        register(ben, json("{'platform':'webpush','subscription':{'endpoint':'%s','keys':{'p256dh':'%s','auth':'%s'}}}",
                endpoint, base64Url(uncompressed((ECPublicKey) subscriber.getPublic())), base64Url(auth)));
        String chatId = sendText(ann, ben.id(), "secret text");

        LoggedRequest push = eventually(WITHIN, () -> webPushes(endpoint), found -> found.stream()
                .anyMatch(request -> decrypt(request.getBody(), subscriber, auth).path("type").asString().equals("chat:message")))
                .stream().filter(request -> decrypt(request.getBody(), subscriber, auth).path("type").asString().equals("chat:message"))
                .findFirst().orElseThrow();
        JsonNode payload = decrypt(push.getBody(), subscriber, auth);
        assertThat(payload.path("title").asString()).isEqualTo("Ann");
        assertThat(payload.path("body").asString()).isEqualTo("New message");
        assertThat(payload.path("data").path("chatId").asString()).isEqualTo(chatId);
        assertThat(payload.toString()).doesNotContain("secret text");
        assertThat(push.getHeader("Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(push.getHeader("Topic")).hasSize(32);
        assertThat(Integer.parseInt(push.getHeader("TTL"))).isPositive();

        String authorization = push.getHeader("Authorization");
        assertThat(authorization).startsWith("vapid t=");
        String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
        String key = authorization.substring(authorization.indexOf("k=") + 2).strip();
        assertThat(key).isEqualTo(base64Url(uncompressed((ECPublicKey) VAPID.getPublic())));
        String[] parts = jwt.split("\\.");
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(VAPID.getPublic());
        es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signed with the VAPID key").isTrue();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("aud").asString()).isEqualTo(PROVIDERS.baseUrl());
        assertThat(claims.path("sub").asString()).isEqualTo("mailto:ops@parley.test");
        assertThat(claims.path("exp").asLong()).isBetween(Instant.now().getEpochSecond(), Instant.now().plusSeconds(24 * 3600).getEpochSecond());
    }

    @Test
    void aSubscriptionThePushServiceReportsGoneIsRemoved() throws Exception {
        User cy = user();
        KeyPair subscriber = p256();
        register(cy, json("{'platform':'webpush','subscription':{'endpoint':'%s','keys':{'p256dh':'%s','auth':'%s'}}}",
                PROVIDERS.baseUrl() + "/push/gone?device=" + UUID.randomUUID(),
                base64Url(uncompressed((ECPublicKey) subscriber.getPublic())), base64Url(new byte[16])));
        requestConnection(user(), cy);
        eventually(WITHIN, () -> api().get("/api/devices", cy.token()).json().size(), count -> count == 0);
    }

    private void register(User user, String device) {
        Api.Response registered = api().post("/api/devices", user.token(), device);
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(201);
    }

    /** FCM sends to {@code token} (of a notification {@code type}, or any), in the order they came. */
    private static List<LoggedRequest> fcmPushes(String token, String type) {
        return PROVIDERS.findAll(postRequestedFor(urlEqualTo(SEND))).stream()
                .filter(request -> {
                    JsonNode message = JSON.readTree(request.getBodyAsString()).path("message");
                    return message.path("token").asString().equals(token)
                            && (type == null || message.path("data").path("type").asString().equals(type));
                })
                .sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()))
                .toList();
    }

    private static List<LoggedRequest> webPushes(String endpoint) {
        return PROVIDERS.findAll(postRequestedFor(urlPathEqualTo("/push/live"))).stream()
                .filter(request -> request.getAbsoluteUrl().equals(endpoint)).toList();
    }

    /** RFC 8291: the receiving user agent's side (one record, aes128gcm). */
    private static JsonNode decrypt(byte[] body, KeyPair subscriber, byte[] auth) {
        try {
            ByteBuffer header = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            header.get(salt);
            header.getInt();
            byte[] senderKey = new byte[header.get() & 0xff];
            header.get(senderKey);
            byte[] ciphertext = Arrays.copyOfRange(body, header.position(), body.length);

            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(subscriber.getPrivate());
            ecdh.doPhase(publicKey(senderKey, (ECPublicKey) subscriber.getPublic()), true);
            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII),
                    uncompressed((ECPublicKey) subscriber.getPublic()), senderKey);
            byte[] ikm = hkdf(auth, ecdh.generateSecret(), keyInfo, 32);
            byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = aes.doFinal(ciphertext);
            int end = padded.length - 1;
            while (padded[end] == 0) {
                end--;
            }
            assertThat(padded[end]).as("the last record's delimiter").isEqualTo((byte) 2);
            return JSON.readTree(Arrays.copyOf(padded, end));
        } catch (GeneralSecurityException e) {
            throw new AssertionError("could not decrypt the push", e);
        }
    }

    /** HKDF-SHA256 with one block of output (all RFC 8291 needs). */
    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = hmac.doFinal(ikm);
        hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
        return Arrays.copyOf(hmac.doFinal(concat(info, new byte[]{1})), length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        Arrays.stream(parts).forEach(all::put);
        return all.array();
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECPublicKey publicKey(byte[] point, ECPublicKey sameCurve) throws GeneralSecurityException {
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)), new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, sameCurve.getParams()));
    }

    private static byte[] uncompressed(ECPublicKey key) {
        return concat(new byte[]{4}, fixed(key.getW().getAffineX()), fixed(key.getW().getAffineY()));
    }

    private static byte[] scalar(ECPrivateKey key) {
        return fixed(key.getS());
    }

    private static byte[] fixed(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(32, bytes.length);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return fixed;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A service account key file as Google issues them, its token endpoint the stand-in's. */
    private static String serviceAccountKey() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Path file = Files.createTempFile("parley-fcm", ".json");
            Files.writeString(file, JSON.writeValueAsString(Map.of(
                    "type", "service_account", "project_id", "parley-test", "private_key_id", "key-1",
                    "private_key", pem, "client_email", "push@parley-test.iam.gserviceaccount.com", "client_id", "1",
                    "token_uri", PROVIDERS.baseUrl() + "/token")));
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
