package io.parley.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityApiTest extends ApiTest {

    @Test
    void prometheusScrapesWithoutATokenAndListsParleysAxonsAndHttpMeters() {
        api().get("/api/phone-prefix?country=IN", null);

        Api.Response scrape = api().send("GET", "/actuator/prometheus", null, null, null, Map.of());
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("text/plain");
        assertThat(scrape.raw().body())
                .contains("parley_messages_sent_total ")
                .contains("parley_otp_sent_total{driver=\"console\"")
                .contains("parley_otp_failed_total{driver=\"console\"")
                .contains("parley_sockets_connected ")
                .contains("parley_processor_lag{processor=\"users\"")
                .contains("parley_live_subscriptions ")
                .containsPattern("commandBus_successCounter_total\\{[^}]*payloadType=\"[A-Za-z]+\"")
                .containsPattern("eventProcessor_[A-Za-z]+\\{[^}]*processorName=\"users\"")
                .containsPattern("eventProcessor_latency[A-Za-z_]*\\{[^}]*processorName=\"users\"")
                .as("no ten-minute capacity windows (docs/DECISIONS.md \"Performance (chat)\")")
                .doesNotContainPattern("(commandBus|queryBus|queryUpdateEmitter|eventProcessor)_capacity")
                .contains("http_server_requests_seconds_count{")
                .contains("uri=\"/api/phone-prefix\"");
    }

    @Test
    void aLoginAndAChatMessageAreCounted() {
        double codesBefore = meter("parley_otp_sent_total{driver=\"console\"");
        User ann = user();
        User ben = user();
        assertThat(meter("parley_otp_sent_total{driver=\"console\"")).isEqualTo(codesBefore + 2);

        connect(ann, ben);
        double messagesBefore = meter("parley_messages_sent_total");
        String send = json("{'to':'%s','text':'hi','clientMessageId':'m-1'}", ben.id());
        assertThat(api().post("/api/chat/send", ann.token(), send).status()).isEqualTo(201);
        assertThat(meter("parley_messages_sent_total")).isEqualTo(messagesBefore + 1);
        assertThat(api().post("/api/chat/send", ann.token(), send).status()).as("a retry").isEqualTo(200);
        assertThat(meter("parley_messages_sent_total")).as("a retry stores nothing new").isEqualTo(messagesBefore + 1);
    }

    @Test
    void aConnectedSocketIsCountedUntilItCloses() throws Exception {
        User ann = user();
        double before = meter("parley_sockets_connected");
        try (Socket socket = Socket.open(port, ann.token())) {
            assertThat(meter("parley_sockets_connected")).isEqualTo(before + 1);
        }
        awaitMeter("parley_sockets_connected", before);
    }

    @Test
    void theCorrelationIdIsEchoedAndReachesTheEventsOfTheCommandsItCaused() {
        String id = "req-" + UUID.randomUUID();
        String email = uniqueEmail();
        api().post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email));
        Api.Response verified = api().send("POST", "/api/auth/otp/verify", null,
                json("{'identifier':'%s','otp':'%s'}", email, ConsoleCodes.lastCode(email)), "application/json",
                Map.of("X-Correlation-Id", id));
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.header("X-Correlation-Id")).isEqualTo(id);

        String userId = verified.json().path("user").path("id").asString();
        JsonNode history = api().get("/api/admin/audit/User/" + userId, adminToken()).json();
        assertThat(history.get(0).path("type").asString()).isEqualTo("UserRegistered");
        assertThat(history.get(0).path("metadata").path("requestCorrelationId").asString()).isEqualTo(id);
    }

    @Test
    void aChatMessageStoredInAGroupCarriesItsOwnRequestsCorrelationId() {
        User ann = user();
        User ben = user();
        connect(ann, ben);
        String id = "chat-" + UUID.randomUUID();
        Api.Response sent = api().send("POST", "/api/chat/send", ann.token(),
                json("{'to':'%s','text':'hi'}", ben.id()), "application/json", Map.of("X-Correlation-Id", id));
        assertThat(sent.status()).isEqualTo(201);

        JsonNode history = api().get("/api/admin/audit/Chat/" + sent.text("chatId"), adminToken()).json();
        assertThat(history).extracting(event -> event.path("metadata").path("requestCorrelationId").asString())
                .as("DirectChatStarted and MessageSent, stored by the chat writer thread").containsOnly(id).hasSize(2);
    }

    @Test
    void aMissingOrUnsafeCorrelationIdIsReplacedByANewOne() {
        for (String sent : new String[]{null, "a b", "x".repeat(65), "id;drop"}) {
            Map<String, String> headers = sent == null ? Map.of() : Map.of("X-Correlation-Id", sent);
            Api.Response refused = api().send("GET", "/api/users/me", null, null, null, headers);
            assertThat(refused.status()).isEqualTo(401);
            String echoed = refused.header("X-Correlation-Id");
            assertThat(echoed).as("for %s", sent).isNotEqualTo(sent).matches("[0-9a-f-]{36}");
        }
        String longest = "A.b_c-9".repeat(9) + "x";
        assertThat(api().send("GET", "/actuator/health", null, null, null, Map.of("X-Correlation-Id", longest))
                .header("X-Correlation-Id")).isEqualTo(longest);
    }

    private double meter(String series) {
        String body = api().get("/actuator/prometheus", null).raw().body();
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + "[^\\n]*? ([0-9.E+-]+|NaN)$", Pattern.MULTILINE)
                .matcher(body);
        assertThat(line.find()).as("%s in the scrape", series).isTrue();
        return Double.parseDouble(line.group(1));
    }

    private void awaitMeter(String series, double expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (meter(series) != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(meter(series)).isEqualTo(expected);
    }
}
