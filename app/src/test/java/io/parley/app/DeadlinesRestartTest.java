package io.parley.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timers are persistent deadlines: a server killed while a call rings and a status lives still ends the call as
 * missed, and expires the status, once it is back.
 */
class DeadlinesRestartTest {

    private static final String CODE = "626262";

    record User(String id, String token) {
    }

    @Test
    void aRingingCallAndALiveStatusOfAServerThatDiedEndAfterTheRestart(@TempDir Path data) throws Exception {
        Path logs = Path.of("target", "deadlines-restart");
        List<String> arguments = List.of("--parley.data-dir=" + data.toAbsolutePath(),
                "--parley.call.ring-timeout=8s", "--parley.status.ttl=8s", "--parley.deadlines.poll-every=250ms",
                "--parley.admins=admin@call.test", "--parley.otp.test-identifiers[admin@call.test]=" + CODE,
                "--parley.otp.test-identifiers[ann@call.test]=" + CODE,
                "--parley.otp.test-identifiers[ben@call.test]=" + CODE);
        AppProcess first = AppProcess.start("ringing", logs, Map.of(), arguments).awaitReady();
        User ann;
        String callId;
        String statusId;
        try {
            ann = login(first.api(), "ann@call.test");
            User ben = login(first.api(), "ben@call.test");
            String qr = first.api().post("/api/qr/generate", ann.token(), null).text("token");
            String connectionId = first.api().post("/api/connections/request", ben.token(), json("{'qrToken':'%s'}", qr)).text("connectionId");
            assertThat(first.api().post("/api/connections/accept", ann.token(), json("{'connectionId':'%s'}", connectionId)).status()).isEqualTo(200);
            try (Socket socket = Socket.open(first.port(), ann.token())) {
                socket.send("/app/call.offer", json("{'to':'%s','media':'audio','sdp':'v=0'}", ben.id()));
                callId = socket.next("call:ringing").path("data").path("call").path("callId").asString();
            }
            statusId = first.api().post("/api/status", ann.token(), json("{'type':'text','text':'before the crash'}")).text("statusId");
            assertThat(first.api().get("/api/status/feed", ben.token()).json().size()).isEqualTo(1);
        } finally {
            first.kill();
        }

        AppProcess second = AppProcess.start("restarted", logs, Map.of(), arguments).awaitReady();
        try {
            long deadline = System.currentTimeMillis() + 40_000;
            Api.Response call;
            do {
                Thread.sleep(250);
                call = second.api().get("/api/calls/" + callId, ann.token());
            } while (!"missed".equals(call.text("outcome")) && System.currentTimeMillis() < deadline);
            assertThat(call.text("outcome")).as(call.raw().body()).isEqualTo("missed");
            assertThat(call.text("state")).isEqualTo("ended");

            String admin = login(second.api(), "admin@call.test").token();
            List<String> history = new ArrayList<>();
            do {
                Thread.sleep(250);
                history.clear();
                second.api().get("/api/admin/audit/Status/" + statusId, admin).json().forEach(event -> history.add(event.path("type").asString()));
            } while (!history.contains("StatusExpired") && System.currentTimeMillis() < deadline);
            assertThat(history).containsExactly("StatusPosted", "StatusExpired");
        } finally {
            second.stop();
        }
    }

    private static User login(Api api, String email) {
        Api.Response login = api.post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'%s'}", email, CODE));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return new User(login.json().path("user").path("id").asString(), login.text("token"));
    }
}
