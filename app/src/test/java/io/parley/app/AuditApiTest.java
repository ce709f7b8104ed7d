package io.parley.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

class AuditApiTest extends ApiTest {

    @Test
    void anAdminReadsOneAggregatesHistoryInOrder() {
        String admin = adminToken();
        Api.Response login = login(uniqueEmail());
        String userId = login.json().path("user").path("id").asString();
        api().patch("/api/users/me", login.text("token"), json("{'name':'First'}"));
        api().patch("/api/users/me", login.text("token"), json("{'name':'Second'}"));

        Api.Response history = api().get("/api/admin/audit/User/" + userId, admin);
        assertThat(history.status()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        long expectedSeq = 0;
        for (JsonNode event : history.json()) {
            assertThat(event.path("seq").asLong()).isEqualTo(expectedSeq++);
            assertThat(event.path("timestamp").asString()).isNotBlank();
            assertThat(event.has("metadata")).isTrue();
            types.add(event.path("type").asString());
        }
        assertThat(types).containsExactly("UserRegistered", "ProfileUpdated", "ProfileUpdated");
        assertThat(history.json().get(2).path("payload").path("name").asString()).isEqualTo("Second");

        assertThat(api().get("/api/admin/audit/User/no-such-user", admin).text("code")).isEqualTo("aggregate_not_found");
        assertThat(api().get("/api/admin/audit/Chat/" + userId, admin).text("code")).as("wrong type").isEqualTo("aggregate_not_found");
        assertThat(api().get("/api/admin/audit/User/" + userId, login.text("token")).status()).isEqualTo(403);
        assertThat(api().get("/api/admin/audit/User/" + userId, null).status()).isEqualTo(401);
    }

    @Test
    void theWholeStorePagesInGlobalOrderAndExportsAsNdjson() throws Exception {
        String admin = adminToken();
        login(uniqueEmail());

        Api.Response first = api().get("/api/admin/audit/events?limit=3", admin);
        assertThat(first.status()).isEqualTo(200);
        JsonNode events = first.json().path("events");
        assertThat(events.size()).isEqualTo(3);
        long next = first.json().path("next").asLong();
        assertThat(next).isEqualTo(events.get(2).path("globalIndex").asLong());
        assertThat(events.get(0).path("aggregateType").asString()).isNotBlank();
        assertThat(events.get(0).has("payload")).isTrue();

        Api.Response second = api().get("/api/admin/audit/events?limit=3&after=" + next, admin);
        assertThat(second.json().path("events").get(0).path("globalIndex").asLong()).isGreaterThan(next);

        HttpResponse<String> export = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/admin/audit/events?limit=5"))
                        .header("Authorization", "Bearer " + admin).header("Accept", "application/x-ndjson").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-ndjson");
        List<String> lines = export.body().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(JsonMapper.builder().build().readTree(lines.get(0)).path("globalIndex").asLong())
                .isEqualTo(events.get(0).path("globalIndex").asLong());
        assertThat(api().get("/api/admin/audit/events?limit=0", admin).text("code")).isEqualTo("validation_failed");
    }
}
