package io.parley.app;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = {"parley.auth.ip-limit=3", "parley.auth.ip-window=1m"})
class IpThrottleApiTest extends ApiTest {

    @Test
    void authRequestsFromOneIpAreThrottledMalformedOnesIncluded() {
        assertThat(api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", uniqueEmail())).status()).isEqualTo(202);
        assertThat(api().post("/api/auth/otp/verify", null, "{broken").status()).isEqualTo(400);
        assertThat(api().post("/api/auth/refresh", null, json("{'refreshToken':'x'}")).status()).isEqualTo(401);

        Api.Response throttled = api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", uniqueEmail()));
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.text("code")).isEqualTo("rate_limited");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);

        assertThat(api().get("/api/phone-prefix?country=IN", null).status()).as("other routes are not throttled").isEqualTo(200);
    }
}
