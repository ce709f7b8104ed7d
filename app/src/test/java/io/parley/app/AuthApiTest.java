package io.parley.app;

import org.junit.jupiter.api.Test;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

class AuthApiTest extends ApiTest {

    @Test
    void emailLoginCreatesTheUserOnceAndPrintsExactlyOneConsoleLine() {
        String email = uniqueEmail();
        Api.Response requested = api().post("/api/auth/otp/request", null, json("{'identifier':'  %s  '}", email.toUpperCase()));
        assertThat(requested.status()).isEqualTo(202);
        assertThat(requested.text("message")).isEqualTo("OTP sent");
        assertThat(requested.text("method")).isEqualTo("email");
        assertThat(requested.text("identifier")).isEqualTo(email);
        assertThat(requested.json().path("expiresInSeconds").asInt()).isEqualTo(300);
        assertThat(requested.json().path("resendAfterSeconds").asInt()).isEqualTo(30);
        assertThat(ConsoleCodes.lines()).filteredOn(l -> l.startsWith("OTP for " + email + ": ")).singleElement()
                .asString().matches("OTP for " + java.util.regex.Pattern.quote(email) + ": \\d{6}");

        Api.Response first = api().post("/api/auth/otp/verify", null,
                json("{'identifier':'%s','otp':'%s'}", email, ConsoleCodes.lastCode(email)));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("isNew").asBoolean()).isTrue();
        assertThat(first.json().path("expiresIn").asInt()).isEqualTo(900);
        assertThat(first.text("token")).isNotBlank();
        assertThat(first.text("refreshToken")).isNotBlank();
        assertThat(first.json().path("user").path("email").asString()).isEqualTo(email);

        Api.Response second = login(email);
        assertThat(second.json().path("isNew").asBoolean()).isFalse();
        assertThat(second.json().path("user").path("id").asString())
                .isEqualTo(first.json().path("user").path("id").asString());
    }

    @Test
    void phoneNumbersAreNormalisedToE164WithTheRegionForNationalNumbers() {
        Api.Response national = api().post("/api/auth/otp/request", null, json("{'identifier':'098765 43210','region':'in'}"));
        assertThat(national.status()).isEqualTo(202);
        assertThat(national.text("method")).isEqualTo("phone");
        assertThat(national.text("identifier")).isEqualTo("+919876543210");

        Api.Response verified = api().post("/api/auth/otp/verify", null,
                json("{'phone':'+91 98765 43210','otp':'%s'}", ConsoleCodes.lastCode("+919876543210")));
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().path("user").path("phone").asString()).isEqualTo("+919876543210");
    }

    @Test
    void identifiersThatAreNeitherEmailNorValidPhoneAreRejected() {
        for (String body : new String[]{"{'identifier':'9876543210'}", "{'identifier':'+1 555'}",
                "{'identifier':'not-an-email@'}", "{'identifier':''}", "{'identifier':'12345','region':'ZZ'}", "{}"}) {
            Api.Response response = api().post("/api/auth/otp/request", null, json(body));
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.text("code")).as(body).isEqualTo("invalid_identifier");
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void aResendWithinTheCooldownIsRefusedWithRetryAfter() {
        String email = uniqueEmail();
        assertThat(api().post("/api/auth/otp/request", null, json("{'email':'%s'}", email)).status()).isEqualTo(202);
        Api.Response again = api().post("/api/auth/otp/request", null, json("{'email':'%s'}", email));
        assertThat(again.status()).isEqualTo(429);
        assertThat(again.text("code")).isEqualTo("otp_cooldown");
        assertThat(again.json().path("retryAfterSeconds").asInt()).isBetween(1, 30);
        assertThat(again.header("Retry-After")).isEqualTo(again.json().path("retryAfterSeconds").asString());
    }

    @Test
    void wrongCodesCountDownAndTheFifthLocksTheCode() {
        String email = uniqueEmail();
        api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email));
        String code = ConsoleCodes.lastCode(email);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int attemptsLeft = 4; attemptsLeft >= 0; attemptsLeft--) {
            Api.Response response = api().post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'%s'}", email, wrong));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.text("code")).isEqualTo("otp_invalid");
            assertThat(response.json().path("attemptsLeft").asInt()).isEqualTo(attemptsLeft);
        }
        Api.Response locked = api().post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'%s'}", email, code));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.text("code")).isEqualTo("otp_attempts_exceeded");
        assertThat(locked.header("Retry-After")).as("every 429 says when to retry").isNotBlank();
    }

    @Test
    void aCodeWorksOnceAndNoPendingCodeIsInvalid() {
        String email = uniqueEmail();
        Api.Response never = api().post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'123456'}", email));
        assertThat(never.status()).isEqualTo(401);
        assertThat(never.text("code")).isEqualTo("otp_invalid");
        assertThat(never.json().has("attemptsLeft")).isFalse();

        login(email);
        Api.Response reused = api().post("/api/auth/otp/verify", null,
                json("{'identifier':'%s','otp':'%s'}", email, ConsoleCodes.lastCode(email)));
        assertThat(reused.status()).isEqualTo(401);
        assertThat(reused.text("code")).isEqualTo("otp_invalid");
    }

    @Test
    void testIdentifiersAcceptTheirFixedCodeAndSendNothing() {
        assertThat(api().post("/api/auth/otp/request", null, json("{'identifier':'tester@parley.test'}")).status()).isEqualTo(202);
        assertThat(api().post("/api/auth/otp/request", null, json("{'identifier':'tester@parley.test'}")).status()).isEqualTo(202);
        assertThat(ConsoleCodes.lines()).noneMatch(l -> l.contains("tester@parley.test"));
        Api.Response wrong = api().post("/api/auth/otp/verify", null, json("{'identifier':'tester@parley.test','otp':'111111'}"));
        assertThat(wrong.status()).isEqualTo(401);
        Api.Response ok = api().post("/api/auth/otp/verify", null, json("{'identifier':'tester@parley.test','otp':'424242'}"));
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void refreshRotatesAndReuseOfARotatedTokenRevokesTheWholeFamily() {
        Api.Response login = login(uniqueEmail());
        String original = login.text("refreshToken");

        Api.Response rotated = api().post("/api/auth/refresh", null, json("{'refreshToken':'%s'}", original));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.text("refreshToken")).isNotEqualTo(original);
        assertThat(rotated.json().path("expiresIn").asInt()).isEqualTo(900);
        assertThat(api().get("/api/users/me", rotated.text("token")).status()).isEqualTo(200);

        Api.Response reuse = api().post("/api/auth/refresh", null, json("{'refreshToken':'%s'}", original));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.text("code")).isEqualTo("refresh_invalid");
        Api.Response afterTheft = api().post("/api/auth/refresh", null, json("{'refreshToken':'%s'}", rotated.text("refreshToken")));
        assertThat(afterTheft.status()).isEqualTo(401);
        assertThat(afterTheft.text("code")).isEqualTo("refresh_invalid");
    }

    @Test
    void logoutRevokesTheSessionButNotOthers() {
        String email = uniqueEmail();
        Api.Response phone = login(email);
        Api.Response laptop = login(email);
        assertThat(api().post("/api/auth/logout", null, json("{'refreshToken':'%s'}", phone.text("refreshToken"))).status())
                .isEqualTo(204);
        assertThat(api().post("/api/auth/refresh", null, json("{'refreshToken':'%s'}", phone.text("refreshToken"))).status())
                .isEqualTo(401);
        assertThat(api().post("/api/auth/refresh", null, json("{'refreshToken':'%s'}", laptop.text("refreshToken"))).status())
                .isEqualTo(200);
    }

    @Test
    void unknownRefreshTokensAreInvalid() {
        Api.Response response = api().post("/api/auth/refresh", null, json("{'refreshToken':'made-up'}"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.text("code")).isEqualTo("refresh_invalid");
    }

    @Test
    void malformedBodiesAreValidationErrorsWithFields() {
        Api.Response notJson = api().post("/api/auth/otp/request", null, "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.text("code")).isEqualTo("validation_failed");
        assertThat(notJson.json().path("errors").isArray()).isTrue();

        Api.Response wrongType = api().post("/api/auth/otp/verify", null, json("{'identifier':'a@b.co','otp':123456}"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("errors").get(0).path("field").asString()).isEqualTo("otp");

        Api.Response missing = api().post("/api/auth/otp/verify", null, json("{'identifier':'a@b.co'}"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").get(0).path("field").asString()).isEqualTo("otp");

        Api.Response oversize = api().post("/api/auth/otp/request", null, json("{'identifier':'%s@example.com'}", "x".repeat(400)));
        assertThat(oversize.status()).isEqualTo(400);
        assertThat(oversize.json().path("errors").get(0).path("field").asString()).isEqualTo("identifier");

        Api.Response noBody = api().send("POST", "/api/auth/refresh", null, "", "application/json");
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.text("code")).isEqualTo("validation_failed");

        Api.Response textPlain = api().send("POST", "/api/auth/otp/request", null, "hello", "text/plain");
        assertThat(textPlain.status()).isEqualTo(415);
        assertThat(textPlain.contentType()).startsWith("application/problem+json");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String email = uniqueEmail();
        Api.Response response = api().post("/api/auth/otp/request", null, json("{'identifier':'%s','device':'pixel','x':[1]}", email));
        assertThat(response.status()).isEqualTo(202);
    }

    @Test
    void unknownRoutesAndWrongMethodsAreProblems() {
        Api.Response unknown = api().get("/nope", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("code")).isEqualTo("not_found");
        Api.Response method = api().get("/api/auth/otp/request", null);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.text("code")).isEqualTo("method_not_allowed");
    }

    @Test
    void phonePrefixesComeSortedByCountryAndOneByIsoCode() {
        Api.Response all = api().get("/api/phone-prefix", null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().size()).isGreaterThan(200);
        var countries = new java.util.ArrayList<String>();
        all.json().forEach(p -> countries.add(p.path("country").asString()));
        // As people read: accents count only between otherwise equal names ("Åland Islands" next to "Albania").
        java.text.Collator english = java.text.Collator.getInstance(java.util.Locale.ENGLISH);
        english.setStrength(java.text.Collator.SECONDARY);
        assertThat(countries).isSortedAccordingTo(english).contains("India", "United States");
        assertThat(countries.indexOf("Åland Islands")).isBetween(countries.indexOf("Albania") - 2, countries.indexOf("Albania") + 1);
        assertThat(countries.indexOf("Réunion")).isLessThan(countries.indexOf("Zimbabwe"));

        Api.Response india = api().get("/api/phone-prefix?country=in", null);
        assertThat(india.status()).isEqualTo(200);
        assertThat(india.json().path("country").asString()).isEqualTo("India");
        assertThat(india.json().path("iso2").asString()).isEqualTo("IN");
        assertThat(india.json().path("dial_code").asString()).isEqualTo("+91");

        assertThat(api().get("/api/phone-prefix?country=QQ", null).text("code")).isEqualTo("country_not_found");
        assertThat(api().get("/api/phone-prefix?country=India", null).text("code")).isEqualTo("validation_failed");
    }

    @Test
    void operationsEndpointsAnswer() {
        assertThat(api().get("/actuator/health", null).text("status")).isEqualTo("UP");
        assertThat(api().get("/actuator/health/liveness", null).status()).isEqualTo(200);
        assertThat(api().get("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(api().get("/v3/api-docs", null).json().path("paths").has("/api/auth/otp/request")).isTrue();
        assertThat(api().send("GET", "/swagger-ui.html", null, null, "text/html").status()).isIn(200, 302);
    }
}
