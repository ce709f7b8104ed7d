package io.parley.app;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

class UserApiTest extends ApiTest {

    @Test
    void aUserReadsAndEditsTheirOwnProfile() {
        Api.Response login = login(uniqueEmail());
        String token = login.text("token");

        Api.Response me = api().get("/api/users/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().propertyNames()).contains("id", "phone", "email", "name", "bio", "avatarUrl", "gender",
                "createdAt", "updatedAt");

        Api.Response patched = api().patch("/api/users/me", token, json("{'name':' Ann ','bio':'Hi there','gender':'non_binary'}"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.text("name")).isEqualTo("Ann");
        assertThat(patched.text("bio")).isEqualTo("Hi there");
        assertThat(patched.text("gender")).isEqualTo("non_binary");

        Api.Response reread = api().get("/api/users/me", token);
        assertThat(reread.json()).isEqualTo(patched.json());

        Api.Response partial = api().patch("/api/users/me", token, json("{'bio':''}"));
        assertThat(partial.text("name")).isEqualTo("Ann");
        assertThat(partial.json().path("bio").isNull()).isTrue();
    }

    @Test
    void profileFieldsAreValidated() {
        String token = token(uniqueEmail());
        Api.Response longName = api().patch("/api/users/me", token, json("{'name':'%s'}", "n".repeat(65)));
        assertThat(longName.status()).isEqualTo(400);
        assertThat(longName.text("code")).isEqualTo("validation_failed");
        assertThat(longName.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
        assertThat(api().patch("/api/users/me", token, json("{'bio':'%s'}", "b".repeat(141))).status()).isEqualTo(400);
        assertThat(api().patch("/api/users/me", token, json("{'gender':'robot'}")).status()).isEqualTo(400);
        assertThat(api().patch("/api/users/me", token, json("{'name':42}")).status()).isEqualTo(400);
        assertThat(api().patch("/api/users/me", token, json("{'name':'%s'}", "n".repeat(64))).status()).isEqualTo(200);
    }

    @Test
    void othersSeeOnlyThePublicView() {
        Api.Response alice = login(uniqueEmail());
        String bob = token(uniqueEmail());
        api().patch("/api/users/me", alice.text("token"), json("{'name':'Alice','bio':'hey'}"));
        String aliceId = alice.json().path("user").path("id").asString();

        Api.Response seen = api().get("/api/users/" + aliceId, bob);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().propertyNames()).containsExactlyInAnyOrder("id", "name", "bio", "avatarUrl");
        assertThat(seen.text("name")).isEqualTo("Alice");

        Api.Response missing = api().get("/api/users/00000000-0000-0000-0000-000000000000", bob);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text("code")).isEqualTo("user_not_found");
    }

    @Test
    void missingOrBadTokensAreUnauthorized() {
        for (String token : new String[]{null, "garbage", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"}) {
            Api.Response response = api().get("/api/users/me", token);
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.text("code")).isEqualTo("unauthorized");
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void deletingTheAccountErasesItAndEndsItsSessions() {
        String email = uniqueEmail();
        Api.Response login = login(email);
        String token = login.text("token");
        api().patch("/api/users/me", token, json("{'name':'Gone Soon'}"));

        assertThat(api().delete("/api/users/me", token).status()).isEqualTo(204);
        assertThat(api().get("/api/users/me", token).text("code")).isEqualTo("user_not_found");
        assertThat(api().post("/api/auth/refresh", null, json("{'refreshToken':'%s'}", login.text("refreshToken"))).text("code"))
                .isEqualTo("refresh_invalid");

        Api.Response again = login(email);
        assertThat(again.json().path("isNew").asBoolean()).isTrue();
        assertThat(again.json().path("user").path("id").asString()).isNotEqualTo(login.json().path("user").path("id").asString());
        assertThat(again.json().path("user").path("name").isNull()).isTrue();
    }

    @Test
    void onlyAdminsManageUsers() {
        String user = token(uniqueEmail());
        assertThat(api().get("/api/users", user).text("code")).isEqualTo("forbidden");
        assertThat(api().post("/api/users", user, json("{'identifier':'%s'}", uniqueEmail())).status()).isEqualTo(403);
        assertThat(api().patch("/api/users/x", user, json("{'name':'x'}")).status()).isEqualTo(403);
        assertThat(api().delete("/api/users/x", user).status()).isEqualTo(403);
        assertThat(api().get("/api/users", null).status()).isEqualTo(401);
    }

    @Test
    void adminsCreateListEditAndDeleteUsers() {
        String admin = adminToken();

        String email = uniqueEmail();
        Api.Response created = api().post("/api/users", admin, json("{'identifier':'%s','name':'Made','gender':'other'}", email));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("email")).isEqualTo(email);
        assertThat(created.text("name")).isEqualTo("Made");
        String id = created.text("id");

        Api.Response duplicate = api().post("/api/users", admin, json("{'identifier':'%s'}", email));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.text("code")).isEqualTo("user_exists");
        assertThat(api().post("/api/users", admin, json("{'identifier':'nope'}")).text("code")).isEqualTo("invalid_identifier");
        assertThat(api().post("/api/users", admin, json("{}")).text("code")).isEqualTo("validation_failed");

        Api.Response page = api().get("/api/users?page=0&size=500", admin);
        assertThat(page.status()).isEqualTo(400);
        Api.Response list = api().get("/api/users?page=0&size=100", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("page").asInt()).isZero();
        assertThat(list.json().path("size").asInt()).isEqualTo(100);
        assertThat(list.json().path("total").asLong()).isGreaterThanOrEqualTo(2);
        List<String> listed = new ArrayList<>();
        long total = list.json().path("total").asLong();
        for (int p = 0; p * 100L < total; p++) {
            api().get("/api/users?page=" + p + "&size=100", admin).json().path("items").forEach(u -> listed.add(u.path("id").asString()));
        }
        assertThat(listed).as("the other tests of this context made users too: every page").contains(id).doesNotHaveDuplicates();
        Api.Response second = api().get("/api/users?page=1&size=1", admin);
        assertThat(second.json().path("items").size()).isEqualTo(1);

        Api.Response edited = api().patch("/api/users/" + id, admin, json("{'bio':'set by admin'}"));
        assertThat(edited.status()).isEqualTo(200);
        assertThat(edited.text("bio")).isEqualTo("set by admin");

        // The user the admin created logs in as an existing user.
        Api.Response login = login(email);
        assertThat(login.json().path("isNew").asBoolean()).isFalse();
        assertThat(login.json().path("user").path("id").asString()).isEqualTo(id);

        assertThat(api().delete("/api/users/" + id, admin).status()).isEqualTo(204);
        assertThat(api().delete("/api/users/" + id, admin).text("code")).isEqualTo("user_not_found");
        assertThat(api().patch("/api/users/no-such-user", admin, json("{'name':'x'}")).text("code")).isEqualTo("user_not_found");
    }
}
