package io.parley.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartTest {

    @Test
    void usersSessionsAndOtpRulesSurviveARestartOnTheSameDataDir(@TempDir Path dataDir) {
        String dir = "parley.data-dir=" + dataDir;
        String email = "restart@example.com";
        String token;
        String refreshToken;
        try (ConfigurableApplicationContext node = Nodes.start(null, dir)) {
            Api api = Nodes.api(node);
            api.post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email));
            Api.Response login = api.post("/api/auth/otp/verify", null,
                    json("{'identifier':'%s','otp':'%s'}", email, ConsoleCodes.lastCode(email)));
            token = login.text("token");
            refreshToken = login.text("refreshToken");
            assertThat(api.patch("/api/users/me", token, json("{'name':'Persistent'}")).status()).isEqualTo(200);
            assertThat(api.post("/api/auth/otp/request", null, json("{'identifier':'other@example.com'}")).status()).isEqualTo(202);
        }

        try (ConfigurableApplicationContext node = Nodes.start(null, dir)) {
            Api api = Nodes.api(node);
            Api.Response me = api.get("/api/users/me", token);
            assertThat(me.status()).as("the access token's key was kept").isEqualTo(200);
            assertThat(me.text("name")).isEqualTo("Persistent");
            assertThat(api.post("/api/auth/refresh", null, json("{'refreshToken':'%s'}", refreshToken)).status()).isEqualTo(200);
            Api.Response cooldown = api.post("/api/auth/otp/request", null, json("{'identifier':'other@example.com'}"));
            assertThat(cooldown.text("code")).as("the challenge is in the event store").isEqualTo("otp_cooldown");
            api.post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email));
            Api.Response again = api.post("/api/auth/otp/verify", null,
                    json("{'identifier':'%s','otp':'%s'}", email, ConsoleCodes.lastCode(email)));
            assertThat(again.json().path("isNew").asBoolean()).isFalse();
        }
    }

    @Test
    void choosingARealDriverWithoutItsSettingsStopsStartUpWithAClearMessage(@TempDir Path dataDir) {
        assertThatThrownBy(() -> Nodes.start(null, "parley.data-dir=" + dataDir, "parley.otp.sms-driver=twilio").close())
                .hasStackTraceContaining("TWILIO_SID");
        assertThatThrownBy(() -> Nodes.start(null, "parley.data-dir=" + dataDir, "parley.otp.email-driver=smtp").close())
                .hasStackTraceContaining("spring.mail.host");
        assertThatThrownBy(() -> Nodes.start(null, "parley.data-dir=" + dataDir, "parley.otp.sms-driver=smtp").close())
                .hasStackTraceContaining("parley.otp.sms-driver=smtp is not a driver for phone codes");
    }
}
