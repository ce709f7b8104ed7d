package io.parley.app;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Limits made small enough to reach: OTP send window and expiry, QR code lifetime, messages per user. */
@TestPropertySource(properties = {"parley.otp.code-ttl=1s", "parley.otp.resend-cooldown=0s", "parley.qr.ttl=1s",
        "parley.chat.send-limit=3"})
class OtpLimitsApiTest extends ApiTest {

    @Test
    void theFourthCodeWithinTheWindowIsRefusedWithRetryAfter() {
        String email = uniqueEmail();
        for (int i = 0; i < 3; i++) {
            assertThat(api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email)).status()).isEqualTo(202);
        }
        Api.Response fourth = api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email));
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.text("code")).isEqualTo("otp_send_limit");
        assertThat(Long.parseLong(fourth.header("Retry-After"))).isBetween(590L, 600L);
    }

    @Test
    void aCodeAfterItsLifetimeIsExpired() throws InterruptedException {
        String email = uniqueEmail();
        api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email));
        String code = ConsoleCodes.lastCode(email);
        Thread.sleep(1_100);
        Api.Response expired = api().post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'%s'}", email, code));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.text("code")).isEqualTo("otp_expired");
    }

    @Test
    void aQrCodeAfterItsLifetimeIsInvalid() throws InterruptedException {
        String owner = login(uniqueEmail()).text("token");
        String scanner = login(uniqueEmail()).text("token");
        Api.Response code = api().post("/api/qr/generate", owner, null);
        assertThat(code.json().path("ttlSeconds").asInt()).isEqualTo(1);
        Thread.sleep(1_300);
        Api.Response late = api().post("/api/connections/request", scanner, json("{'qrToken':'%s'}", code.text("token")));
        assertThat(late.status()).isEqualTo(410);
        assertThat(late.text("code")).isEqualTo("qr_invalid");
    }

    @Test
    void aUserSendingTooFastIsThrottled() {
        String ann = api().post("/api/auth/otp/verify", null, json("{'identifier':'tester@parley.test','otp':'424242'}")).text("token");
        String chat = "not-a-chat";
        for (int i = 0; i < 3; i++) {
            assertThat(api().post("/api/chat/send", ann, json("{'to':'%s','text':'x'}", chat)).text("code")).isEqualTo("chat_not_found");
        }
        Api.Response throttled = api().post("/api/chat/send", ann, json("{'to':'%s','text':'x'}", chat));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.text("code")).isEqualTo("rate_limited");
        assertThat(throttled.header("Retry-After")).isNotBlank();
    }
}
