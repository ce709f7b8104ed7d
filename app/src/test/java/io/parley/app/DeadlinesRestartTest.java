package io.parley.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring timeout is a persistent deadline: a server killed while a call rings still ends it as missed once it is
 * back, after the timeout.
 */
class CallRestartTest {

    private static final String CODE = "626262";

    record User(String id, String token) {
    }

    @Test
    void aCallRingingWhenTheServerDiesIsMissedAfterTheRestart(@TempDir Path data) throws Exception {
        Path logs = Path.of("target", "call-restart");
        List<String> arguments = List.of("--parley.data-dir=" + data.toAbsolutePath(),
                "--parley.call.ring-timeout=8s", "--parley.deadlines.poll-every=250ms",
                "--parley.otp.test-identifiers[ann@call.test]=" + CODE,
                "--parley.otp.test-identifiers[ben@call.test]=" + CODE);
        AppProcess first = AppProcess.start("ringing", logs, Map.of(), arguments).awaitReady();
        User ann;
        String callId;
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
