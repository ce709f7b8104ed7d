package io.parley.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "Calls" over STOMP with two users, the callee on two devices: ringing, answering on one device, ICE relayed
 * only between the call sessions, hang-up, decline, cancel, busy, strangers; then the call log.
 */
class CallApiTest extends ApiTest {

    private static final String OFFER_SDP = "v=0 o=- 1 2 IN IP4 192.0.2.10 offer";
    private static final String ANSWER_SDP = "v=0 o=- 3 4 IN IP4 198.51.100.20 answer";
    private static final String CANDIDATE = "{'candidate':'candidate:1 1 udp 2122260223 192.0.2.10 54400 typ host','sdpMid':'0','sdpMLineIndex':0}";

    private static String offer(String to, String media) {
        return json("{'to':'%s','media':'%s','sdp':'%s'}", to, media, OFFER_SDP);
    }

    @Test
    void aCallRingsEveryDeviceIsAnsweredOnOneRelaysIceBetweenTheCallSessionsAndEndsForBoth() throws Exception {
        User ann = user();
        User ben = user();
        connect(ann, ben);
        try (Socket annSocket = Socket.open(port, ann.token());
             Socket benPhone = Socket.open(port, ben.token());
             Socket benLaptop = Socket.open(port, ben.token())) {
            annSocket.send("/app/call.offer", offer(ben.id(), "video"));
            JsonNode ringing = annSocket.next("call:ringing").path("data").path("call");
            String callId = ringing.path("callId").asString();
            assertThat(ringing.path("state").asString()).isEqualTo("ringing");
            assertThat(ringing.path("media").asString()).isEqualTo("video");
            for (Socket device : new Socket[]{benPhone, benLaptop}) {
                JsonNode offered = device.next("call:offer").path("data");
                assertThat(offered.path("call").path("callId").asString()).isEqualTo(callId);
                assertThat(offered.path("call").path("callerId").asString()).isEqualTo(ann.id());
                assertThat(offered.path("sdp").asString()).isEqualTo(OFFER_SDP);
            }

            benPhone.send("/app/call.answer", json("{'callId':'%s','sdp':'%s'}", callId, ANSWER_SDP));
            JsonNode answer = annSocket.next("call:answer").path("data");
            assertThat(answer.path("sdp").asString()).isEqualTo(ANSWER_SDP);
            assertThat(benLaptop.next("call:answered-elsewhere").path("data").path("callId").asString()).isEqualTo(callId);

            annSocket.send("/app/call.ice", json("{'callId':'%s','candidate':%s}", callId, CANDIDATE.replace('\'', '"')));
            assertThat(benPhone.next("call:ice").path("data").path("candidate").path("sdpMid").asString()).isEqualTo("0");
            benPhone.send("/app/call.ice", json("{'callId':'%s','candidate':%s}", callId, CANDIDATE.replace('\'', '"')));
            assertThat(annSocket.next("call:ice").path("data").path("callId").asString()).isEqualTo(callId);
            benLaptop.send("/app/call.ice", json("{'callId':'%s','candidate':%s}", callId, CANDIDATE.replace('\'', '"')));
            assertThat(benLaptop.nextError().path("code").asString()).as("not the call session").isEqualTo("call_not_found");

            annSocket.send("/app/call.end", json("{'callId':'%s'}", callId));
            JsonNode ended = annSocket.next("call:ended").path("data").path("call");
            assertThat(ended.path("state").asString()).isEqualTo("ended");
            assertThat(ended.path("outcome").asString()).isEqualTo("answered");
            assertThat(ended.path("endReason").asString()).isEqualTo("hangup");
            assertThat(ended.path("durationSeconds").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(benPhone.next("call:ended").path("data").path("call").path("callId").asString()).isEqualTo(callId);
            benPhone.expectNone("call:answered-elsewhere", Duration.ofMillis(300));
            benLaptop.expectNone("call:ice", Duration.ofMillis(300));

            JsonNode log = api().get("/api/calls", ben.token()).json();
            assertThat(log.path("items").get(0).path("callId").asString()).isEqualTo(callId);
            assertThat(log.path("items").get(0).path("direction").asString()).isEqualTo("incoming");
            assertThat(log.path("items").get(0).path("peer").path("id").asString()).isEqualTo(ann.id());
            assertThat(log.path("hasMore").asBoolean()).isFalse();
            assertThat(api().get("/api/calls", ann.token()).json().path("items").get(0).path("direction").asString()).isEqualTo("outgoing");
            assertThat(api().get("/api/calls/" + callId, ann.token()).text("outcome")).isEqualTo("answered");
            assertThat(api().get("/api/calls/" + callId, user().token()).text("code")).isEqualTo("call_not_found");
            assertThat(api().get("/api/admin/audit/Call/" + callId, adminToken()).json().valueStream()
                    .map(event -> event.path("type").asString())).containsExactly("CallStarted", "CallAnswered", "CallEnded");
        }
        String metrics = api().get("/actuator/prometheus", null).raw().body();
        assertThat(metrics).containsPattern("parley_calls_started_total\\{[^}]*media=\"video\"")
                .containsPattern("parley_calls_answered_total\\{[^}]*media=\"video\"")
                .containsPattern("(?m)^parley_calls_active");
    }

    @Test
    void theCalleeDeclinesTheCallerCancelsABusyCalleeEndsACallAtOnceAndStrangersCannotCall() throws Exception {
        User ann = user();
        User ben = user();
        User cy = user();
        User eve = user();
        connect(ann, ben);
        connect(cy, ben);
        try (Socket annSocket = Socket.open(port, ann.token()); Socket benSocket = Socket.open(port, ben.token());
             Socket cySocket = Socket.open(port, cy.token()); Socket eveSocket = Socket.open(port, eve.token())) {
            annSocket.send("/app/call.offer", offer(ben.id(), "audio"));
            String declined = benSocket.next("call:offer").path("data").path("call").path("callId").asString();
            benSocket.send("/app/call.end", json("{'callId':'%s'}", declined));
            assertThat(annSocket.next("call:ended").path("data").path("call").path("outcome").asString()).isEqualTo("declined");

            annSocket.send("/app/call.offer", offer(ben.id(), "audio"));
            String cancelled = annSocket.next("call:ringing").path("data").path("call").path("callId").asString();
            annSocket.send("/app/call.end", json("{'callId':'%s'}", cancelled));
            assertThat(benSocket.next("call:ended", data -> data.path("call").path("callId").asString().equals(cancelled))
                    .path("data").path("call").path("outcome").asString()).isEqualTo("cancelled");

            annSocket.send("/app/call.offer", offer(ben.id(), "audio"));
            String ringingBen = benSocket.next("call:offer").path("data").path("call").path("callId").asString();
            cySocket.send("/app/call.offer", offer(ben.id(), "video"));
            JsonNode busy = cySocket.next("call:ended").path("data").path("call");
            assertThat(busy.path("outcome").asString()).isEqualTo("busy");
            annSocket.send("/app/call.offer", offer(ben.id(), "audio"));
            assertThat(annSocket.nextError().path("code").asString()).as("already in a call").isEqualTo("call_state");
            annSocket.send("/app/call.answer", json("{'callId':'%s','sdp':'x'}", ringingBen));
            assertThat(annSocket.nextError().path("code").asString()).as("only the callee answers").isEqualTo("call_state");
            annSocket.send("/app/call.end", json("{'callId':'%s'}", ringingBen));

            eveSocket.send("/app/call.offer", offer(ann.id(), "audio"));
            assertThat(eveSocket.nextError().path("code").asString()).isEqualTo("not_connected");
            eveSocket.send("/app/call.end", json("{'callId':'%s'}", ringingBen));
            assertThat(eveSocket.nextError().path("code").asString()).isEqualTo("call_not_found");
            eveSocket.send("/app/call.offer", json("{'to':'%s','media':'hologram','sdp':'x'}", ann.id()));
            assertThat(eveSocket.nextError().path("code").asString()).isEqualTo("validation_failed");
        }
    }

    @Test
    void withNoIceServersConfiguredTheListIsEmpty() {
        JsonNode servers = api().get("/api/calls/ice-servers", user().token()).json();
        assertThat(servers.path("iceServers").size()).isZero();
        assertThat(servers.path("ttlSeconds").asLong()).isEqualTo(86_400);
    }
}
