package io.parley.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectionsApiTest extends ApiTest {

    private JsonNode projection(String admin, String name) {
        for (JsonNode projection : api().get("/api/admin/projections", admin).json()) {
            if (projection.path("name").asString().equals(name)) {
                return projection;
            }
        }
        throw new AssertionError("No projection " + name);
    }

    private JsonNode awaitProjection(String admin, java.util.function.Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode status = projection(admin, "users");
        while (!done.test(status) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            status = projection(admin, "users");
        }
        return status;
    }

    @Test
    void adminsSeeEveryProjectionAndReplayOneWhileTheApiKeepsServing() throws InterruptedException {
        String admin = adminToken();
        Api.Response login = login(uniqueEmail());
        String token = login.text("token");
        api().patch("/api/users/me", token, json("{'name':'Before replay'}"));

        Api.Response list = api().get("/api/admin/projections", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().valueStream().map(p -> p.path("name").asString())).contains("users", "connections", "chats");
        JsonNode users = projection(admin, "users");
        assertThat(users.path("mode").asString()).isEqualTo("tracking");
        assertThat(users.path("position").asLong()).isPositive();
        assertThat(users.path("lag").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(users.path("replaying").asBoolean()).isFalse();

        Api.Response replay = api().post("/api/admin/projections/users/replay", admin, null);
        assertThat(replay.status()).isEqualTo(202);
        // Done once it reached the position it was reset at, though no event comes after it.
        JsonNode status = awaitProjection(admin, p -> p.path("lag").asLong() == 0 && !p.path("replaying").asBoolean());
        assertThat(status.path("lag").asLong()).isZero();
        assertThat(status.path("replaying").asBoolean()).as(status.toString()).isFalse();
        Api.Response me = api().get("/api/users/me", token);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("name")).isEqualTo("Before replay");
        assertThat(api().patch("/api/users/me", token, json("{'name':'After replay'}")).text("name")).isEqualTo("After replay");

        assertThat(api().post("/api/admin/projections/nope/replay", admin, null).text("code")).isEqualTo("projection_not_found");
        assertThat(api().get("/api/admin/projections", token).status()).isEqualTo(403);
    }
}
