package io.parley.app;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The real drivers against stand-ins: WireMock for the Twilio API, GreenMail for SMTP. */
@TestPropertySource(properties = {"parley.otp.sms-driver=twilio", "parley.otp.email-driver=smtp",
        "parley.otp.resend-cooldown=0s", "parley.twilio.sid=AC0123456789", "parley.twilio.auth-token=secret-token",
        "parley.twilio.phone=+14155550100", "parley.mail.from=codes@parley.test"})
class OtpDriversApiTest extends ApiTest {

    private static final String MESSAGES = "/2010-04-01/Accounts/AC0123456789/Messages.json";
    private static final WireMockServer TWILIO = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        TWILIO.start();
        SMTP.start();
    }

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry registry) {
        registry.add("parley.twilio.base-url", TWILIO::baseUrl);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        TWILIO.stop();
        SMTP.stop();
    }

    @Test
    void phoneCodesGoOutAsTwilioSmsAndNotToTheConsole() {
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM1\",\"status\":\"queued\"}")));
        String phone = "+14155550123";

        Api.Response requested = api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", phone));
        assertThat(requested.status()).isEqualTo(202);

        var sent = TWILIO.findAll(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B14155550123")));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("Authorization")).startsWith("Basic ");
        String form = URLDecoder.decode(sent.get(0).getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(form).contains("From=+14155550100");
        Matcher code = Pattern.compile("Your Parley code is (\\d{6})").matcher(form);
        assertThat(code.find()).isTrue();

        Api.Response verified = api().post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'%s'}", phone, code.group(1)));
        assertThat(verified.status()).isEqualTo(200);
    }

    @Test
    void aFailedSmsIsA503AndDoesNotCountAgainstTheSendLimit() {
        String phone = "+14155550199";
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).withRequestBody(containing("To=%2B14155550199"))
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\":20500,\"message\":\"Internal\",\"status\":500}")));
        Api.Response failed = api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", phone));
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.text("code")).isEqualTo("otp_delivery_failed");

        TWILIO.resetMappings();
        TWILIO.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"sid\":\"SM2\",\"status\":\"queued\"}")));
        for (int i = 0; i < 3; i++) {
            assertThat(api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", phone)).status()).isEqualTo(202);
        }
        assertThat(api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", phone)).text("code"))
                .isEqualTo("otp_send_limit");
    }

    @Test
    void emailCodesGoOutBySmtp() throws Exception {
        String email = uniqueEmail();
        assertThat(api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email)).status()).isEqualTo(202);

        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessagesForDomain("example.com")[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(email);
        assertThat(mail.getFrom()[0].toString()).isEqualTo("codes@parley.test");
        Matcher code = Pattern.compile("(\\d{6})").matcher(GreenMailUtil.getBody(mail));
        assertThat(code.find()).isTrue();

        Api.Response verified = api().post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'%s'}", email, code.group(1)));
        assertThat(verified.status()).isEqualTo(200);
    }
}
