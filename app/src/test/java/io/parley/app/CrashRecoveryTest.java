package io.parley.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default killed with SIGKILL right after acknowledging messages: once restarted on the same data
 * dir, the event store (what auditors and projections read) holds every acknowledged message with its seq, the
 * history shows each of them once the projections caught up, and the chat goes on from the next one.
 */
class CrashRecoveryTest {

    private static final String CODE = "515151";
    private static final int MESSAGES = 30;

    record User(String id, String token) {
    }

    @Test
    void everyAcknowledgedMessageSurvivesAKill(@TempDir Path data) throws Exception {
        Path logs = Path.of("target", "crash-recovery");
        List<String> arguments = List.of("--parley.data-dir=" + data.toAbsolutePath(),
                "--parley.chat.send-limit=1000",
                "--parley.otp.test-identifiers[ann@crash.test]=" + CODE,
                "--parley.otp.test-identifiers[ben@crash.test]=" + CODE,
                "--parley.admins=ann@crash.test");

        AppProcess first = AppProcess.start("first-run", logs, Map.of(), arguments).awaitReady();
        User ann;
        String chatId;
        try {
            ann = login(first.api(), "ann@crash.test");
            User ben = login(first.api(), "ben@crash.test");
            String qr = first.api().post("/api/qr/generate", ann.token(), null).text("token");
            String connectionId = first.api().post("/api/connections/request", ben.token(),
                    json("{'qrToken':'%s'}", qr)).text("connectionId");
            assertThat(first.api().post("/api/connections/accept", ann.token(),
                    json("{'connectionId':'%s'}", connectionId)).status()).isLessThan(300);
            List<String> chatIds = new ArrayList<>();
            for (int i = 1; i <= MESSAGES; i++) {
                Api.Response sent = first.api().post("/api/chat/send", ann.token(),
                        json("{'to':'%s','text':'m%d','clientMessageId':'c%d'}", ben.id(), i, i));
                assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
                chatIds.add(sent.text("chatId"));
            }
            chatId = chatIds.get(0);
        } finally {
            first.kill();
        }

        AppProcess second = AppProcess.start("second-run", logs, Map.of(), arguments).awaitReady();
        try {
            List<Long> stored = new ArrayList<>();
            for (JsonNode event : second.api().get("/api/admin/audit/Chat/" + chatId, ann.token()).json()) {
                if (event.path("type").asString().endsWith("MessageSent")) {
                    stored.add(event.path("payload").path("seq").asLong());
                }
            }
            assertThat(stored).isEqualTo(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
            second.awaitProjectionsCaughtUp(ann.token());
            List<Long> history = new ArrayList<>();
            second.api().get("/api/chat/" + chatId + "?limit=100", ann.token()).json().path("messages")
                    .forEach(message -> history.add(message.path("seq").asLong()));
            assertThat(history).as("history once caught up")
                    .isEqualTo(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
            Api.Response next = second.api().post("/api/chat/send", ann.token(),
                    json("{'to':'%s','text':'after the crash'}", chatId));
            assertThat(next.status()).as(next.raw().body()).isEqualTo(201);
            assertThat(next.json().path("seq").asLong()).isEqualTo(MESSAGES + 1);
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
