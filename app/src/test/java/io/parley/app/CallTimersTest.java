package io.parley.app;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call timers with short times (ring timeout, reconnect grace), the ICE servers with TURN credentials, and the
 * event store after calls: no SDP, no candidate.
 */
@TestPropertySource(properties = {
        "parley.call.ring-timeout=2s", "parley.call.reconnect-grace=2s", "parley.deadlines.poll-every=200ms",
        "parley.stun.urls=stun:stun.parley.test:3478",
        "parley.turn.urls=turn:turn.parley.test:3478?transport=udp,turns:turn.parley.test:5349",
        "parley.turn.secret=turn-shared-secret-for-tests", "parley.turn.ttl=1h"})
class CallTimersTest extends ApiTest {

    private static final String SDP = "v=0 o=- 1 2 IN IP4 203.0.113.77 timers";
    private static final String CANDIDATE = "candidate:9 1 udp 2122260223 203.0.113.78 61000 typ host";

    @Autowired
    private DataSource eventStore;

    private static String offer(String to) {
        return json("{'to':'%s','media':'audio','sdp':'%s'}", to, SDP);
    }

    @Test
    void aCallNobodyAnswersIsMissedForBothAtTheRingTimeoutAndTheCalleeIsNotified() throws Exception {
        User ann = user();
        User ben = user();
        connect(ann, ben);
        try (Socket annSocket = Socket.open(port, ann.token()); Socket benSocket = Socket.open(port, ben.token())) {
            annSocket.send("/app/call.offer", offer(ben.id()));
            String callId = benSocket.next("call:offer").path("data").path("call").path("callId").asString();
            JsonNode missed = annSocket.next("call:ended", Duration.ofSeconds(15)).path("data").path("call");
            assertThat(missed.path("callId").asString()).isEqualTo(callId);
            assertThat(missed.path("outcome").asString()).isEqualTo("missed");
            assertThat(benSocket.next("call:ended", Duration.ofSeconds(5)).path("data").path("call").path("outcome").asString()).isEqualTo("missed");
            JsonNode notified = missedCallNotification(ben);
            assertThat(notified.path("data").path("callId").asString()).as("the callee is told").isEqualTo(callId);
            assertThat(notified.path("data").path("userId").asString()).isEqualTo(ann.id());
            assertThat(api().get("/api/notifications", ann.token()).raw().body()).as("the caller is not").doesNotContain(callId);
            annSocket.send("/app/call.offer", offer(ben.id()));
            assertThat(annSocket.next("call:ringing").path("data").path("call").path("callId").asString())
                    .as("both lines are free again").isNotEqualTo(callId);
        }
    }

    @Test
    void aPartyWhoseCallSessionDropsHasTheGraceToComeBack() throws Exception {
        ConsoleCodes.startRecording();
        User ann = user();
        User ben = user();
        connect(ann, ben);
        try (Socket annSocket = Socket.open(port, ann.token())) {
            String kept;
            try (Socket benSocket = Socket.open(port, ben.token())) {
                annSocket.send("/app/call.offer", offer(ben.id()));
                kept = benSocket.next("call:offer").path("data").path("call").path("callId").asString();
                benSocket.send("/app/call.answer", json("{'callId':'%s','sdp':'%s'}", kept, SDP));
                annSocket.next("call:answer");
            }
            try (Socket benAgain = Socket.open(port, ben.token())) {
                // The new session takes the call over once the server has handled its connect (and the old session's
                // close): a client's first candidates may be refused until then, and it sends them again.
                long deadline = System.currentTimeMillis() + 10_000;
                JsonNode relayed = null;
                while (relayed == null) {
                    benAgain.send("/app/call.ice", json("{'callId':'%s','candidate':{'candidate':'%s'}}", kept, CANDIDATE));
                    try {
                        relayed = annSocket.next("call:ice", Duration.ofMillis(500));
                    } catch (AssertionError notYet) {
                        assertThat(System.currentTimeMillis()).as("the new session carries the call").isLessThan(deadline);
                    }
                }
                assertThat(relayed.path("data").path("callId").asString()).isEqualTo(kept);
                annSocket.expectNone("call:ended", Duration.ofSeconds(4));
                assertThat(api().get("/api/calls/" + kept, ann.token()).text("state")).isEqualTo("active");
                annSocket.send("/app/call.end", json("{'callId':'%s'}", kept));
                benAgain.next("call:ended");
            }

            String dropped;
            try (Socket benSocket = Socket.open(port, ben.token())) {
                annSocket.send("/app/call.offer", offer(ben.id()));
                dropped = benSocket.next("call:offer").path("data").path("call").path("callId").asString();
                benSocket.send("/app/call.answer", json("{'callId':'%s','sdp':'%s'}", dropped, SDP));
                annSocket.next("call:answer");
            }
            JsonNode ended = annSocket.next("call:ended", Duration.ofSeconds(15)).path("data").path("call");
            assertThat(ended.path("callId").asString()).isEqualTo(dropped);
            assertThat(ended.path("outcome").asString()).isEqualTo("answered");
            assertThat(ended.path("endReason").asString()).isEqualTo("disconnected");
        }
        assertThat(storedEvents()).as("no SDP and no candidate in the event store").noneMatch(row -> row.contains("203.0.113"));
        assertThat(ConsoleCodes.recorded()).as("nor in the logs").noneMatch(line -> line.contains("203.0.113"));
    }

    @Test
    void turnCredentialsFollowTheTurnRestConventionAndNeverCarryTheSecret() throws Exception {
        User ann = user();
        Api.Response response = api().get("/api/calls/ice-servers", ann.token());
        assertThat(response.raw().body()).doesNotContain("turn-shared-secret-for-tests");
        JsonNode servers = response.json().path("iceServers");
        assertThat(servers.get(0).path("urls").get(0).asString()).isEqualTo("stun:stun.parley.test:3478");
        JsonNode turn = servers.get(1);
        assertThat(turn.path("urls").size()).isEqualTo(2);
        String username = turn.path("username").asString();
        assertThat(username).endsWith(":" + ann.id());
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        assertThat(expiry).isBetween(Instant.now().plusSeconds(3500).getEpochSecond(), Instant.now().plusSeconds(3700).getEpochSecond());
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("turn-shared-secret-for-tests".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertThat(turn.path("credential").asString())
                .isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
        assertThat(response.json().path("ttlSeconds").asLong()).isEqualTo(3600);
    }

    /** The callee's notification of the missed call, once the notifications worker has made it. */
    private JsonNode missedCallNotification(User callee) throws InterruptedException {
        JsonNode inbox = eventually(Duration.ofSeconds(10), () -> api().get("/api/notifications", callee.token()).json(),
                items -> items.path("items").valueStream().anyMatch(item -> item.path("type").asString().equals("call:missed")));
        return inbox.path("items").valueStream().filter(item -> item.path("type").asString().equals("call:missed")).findFirst().orElseThrow();
    }

    private List<String> storedEvents() {
        return new JdbcTemplate(eventStore).query("select payload, meta_data from domain_event_entry", (row, i) ->
                new String(row.getBytes(1), StandardCharsets.UTF_8) + new String(row.getBytes(2), StandardCharsets.UTF_8));
    }
}
