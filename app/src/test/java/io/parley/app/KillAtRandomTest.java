package io.parley.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read models never fall behind their tokens, whenever the process dies: the embedded default is killed with
 * SIGKILL at a random moment under chat load, 30 times on one data dir ({@code -Dparley.test.kills} changes the
 * count, {@code -Dparley.test.seed} repeats a run). After each restart, the messages that were in flight at the kill are sent again with their
 * {@code clientMessageId}, as a client retries, and once the projections caught up every chat's history page holds
 * every acknowledged message exactly once, with the seq it was acknowledged with, and no gap.
 */
class KillAtRandomTest {

    private static final int KILLS = Integer.getInteger("parley.test.kills", 30);
    private static final String CODE = "626262";
    private static final Duration MAX_LOAD_BEFORE_KILL = Duration.ofMillis(2_500);

    record User(String id, String token) {
    }

    /** Sends to one chat, one message at a time, as one user, until a send fails (the process is gone). */
    record Sender(User user, String chatId, String name, AtomicInteger sent) {
        Sender(User user, String chatId, String name) {
            this(user, chatId, name, new AtomicInteger());
        }
    }

    /** What was acknowledged, per chat: clientMessageId → seq; and what was in flight when the process died. */
    private final Map<String, Map<String, Long>> acknowledged = new ConcurrentHashMap<>();
    private final List<Sent> inFlight = new CopyOnWriteArrayList<>();
    /** Answers other than 201 to a send the process lived to answer. */
    private final List<String> refused = new CopyOnWriteArrayList<>();

    record Sent(Sender sender, String clientMessageId) {
    }

    @Test
    void everyAcknowledgedMessageIsOnTheHistoryPageOnceAfterEveryKill(@TempDir Path data) throws Exception {
        long seed = Long.getLong("parley.test.seed", System.nanoTime());
        Random random = new Random(seed);
        Path logs = Path.of("target", "kill-at-random");
        List<String> arguments = List.of("--parley.data-dir=" + data.toAbsolutePath(),
                "--parley.chat.send-limit=1000000",
                "--parley.admins=ann@kill.test",
                "--parley.jwt.access-ttl=1h",
                // The dead process's claims lapse in 3 s instead of 10 s, and the new one looks for them every 0.5 s.
                "--axon.eventhandling.tokenstore.claim-timeout=3s",
                "--axon.eventhandling.processors.users.token-claim-interval=500",
                "--axon.eventhandling.processors.connections.token-claim-interval=500",
                "--axon.eventhandling.processors.chats.token-claim-interval=500",
                "--parley.otp.test-identifiers[ann@kill.test]=" + CODE,
                "--parley.otp.test-identifiers[ben@kill.test]=" + CODE,
                "--parley.otp.test-identifiers[cy@kill.test]=" + CODE);

        List<Sender> senders;
        User admin;
        AppProcess app = AppProcess.start("round-0", logs, Map.of(), arguments).awaitReady();
        try {
            admin = login(app.api(), "ann@kill.test");
            User ben = login(app.api(), "ben@kill.test");
            User cy = login(app.api(), "cy@kill.test");
            connect(app.api(), ben, admin);
            connect(app.api(), cy, admin);
            Api.Response first = send(app.api(), admin, ben.id(), "first");
            assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
            String direct = first.text("chatId");
            acknowledged.computeIfAbsent(direct, chat -> new ConcurrentHashMap<>()).put("first", first.json().path("seq").asLong());
            Api.Response group = app.api().post("/api/chat/groups", admin.token(),
                    json("{'name':'crashes','memberIds':['%s','%s']}", ben.id(), cy.id()));
            assertThat(group.status()).as(group.raw().body()).isEqualTo(201);
            senders = List.of(new Sender(admin, direct, "ann"), new Sender(ben, direct, "ben"),
                    new Sender(cy, group.text("chatId"), "cy"));
        } catch (Throwable setUpFailed) {
            app.kill();
            throw setUpFailed;
        }

        for (int round = 1; round <= KILLS; round++) {
            AppProcess running = app;
            List<Thread> load = new ArrayList<>();
            for (Sender sender : senders) {
                Thread thread = new Thread(() -> sendUntilFailure(running, sender), "load-" + sender.name());
                thread.start();
                load.add(thread);
            }
            long killAfter = random.nextLong(MAX_LOAD_BEFORE_KILL.toMillis());
            Thread.sleep(killAfter);
            app.kill();
            for (Thread thread : load) {
                thread.join();
            }
            String context = "seed " + seed + ", round " + round + " killed after " + killAfter + " ms of load; see " + logs;
            assertThat(refused).as(context + ": sends answered other than 201").isEmpty();

            app = AppProcess.start("round-" + round, logs, Map.of(), arguments).awaitReady();
            try {
                resendInFlight(app.api(), context);
                app.awaitProjectionsCaughtUp(admin.token());
                AppProcess restarted = app;
                acknowledged.forEach((chatId, messages) -> assertHistory(restarted.api(), admin, chatId, messages, context));
            } catch (Throwable failed) {
                app.kill();
                throw failed;
            }
        }
        app.stop();
        assertThat(acknowledged.values().stream().mapToInt(Map::size).sum()).as("messages acknowledged in all")
                .isGreaterThan(KILLS);
    }

    private void sendUntilFailure(AppProcess app, Sender sender) {
        while (true) {
            String clientMessageId = sender.name() + "-" + sender.sent().incrementAndGet();
            Api.Response sent;
            try {
                sent = send(app.api(), sender.user(), sender.chatId(), clientMessageId);
            } catch (IllegalStateException processGone) {
                inFlight.add(new Sent(sender, clientMessageId));
                return;
            }
            if (sent.status() != 201) {
                refused.add(clientMessageId + ": " + sent.status() + " " + sent.raw().body());
                return;
            }
            acknowledge(sender.chatId(), clientMessageId, sent);
        }
    }

    /** A client that got no answer sends the message again: it is stored once, whether it was stored before or not. */
    private void resendInFlight(Api api, String context) {
        for (Sent sent : inFlight) {
            Api.Response again = send(api, sent.sender().user(), sent.sender().chatId(), sent.clientMessageId());
            assertThat(again.status()).as(context + ": " + again.raw().body()).isIn(200, 201);
            acknowledge(sent.sender().chatId(), sent.clientMessageId(), again);
        }
        inFlight.clear();
    }

    private void acknowledge(String chatId, String clientMessageId, Api.Response sent) {
        acknowledged.computeIfAbsent(chatId, chat -> new ConcurrentHashMap<>()).put(clientMessageId, sent.json().path("seq").asLong());
    }

    /** The history page, read forward as a catching-up client does: seqs 1..n, each acknowledged message once at its seq. */
    private static void assertHistory(Api api, User reader, String chatId, Map<String, Long> acknowledged, String context) {
        List<Long> seqs = new ArrayList<>();
        Map<String, Long> stored = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            Api.Response page = api.get("/api/chat/" + chatId + "?after=" + after + "&limit=200", reader.token());
            assertThat(page.status()).as(context + ": " + page.raw().body()).isEqualTo(200);
            for (JsonNode message : page.json().path("messages")) {
                long seq = message.path("seq").asLong();
                seqs.add(seq);
                if (stored.put(message.path("clientMessageId").asString(), seq) != null) {
                    repeated.add(message.path("clientMessageId").asString());
                }
                after = seq;
            }
            more = page.json().path("hasMore").asBoolean();
        }
        assertThat(seqs).as(context + ": history of " + chatId + " is gapless")
                .isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
        assertThat(repeated).as(context + ": messages stored twice").isEmpty();
        assertThat(stored).as(context + ": every acknowledged message of " + chatId + " at its seq")
                .containsAllEntriesOf(acknowledged);
    }

    private static Api.Response send(Api api, User from, String to, String clientMessageId) {
        return api.post("/api/chat/send", from.token(),
                json("{'to':'%s','text':'%s','clientMessageId':'%s'}", to, clientMessageId, clientMessageId));
    }

    private static User login(Api api, String email) {
        Api.Response login = api.post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'%s'}", email, CODE));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return new User(login.json().path("user").path("id").asString(), login.text("token"));
    }

    private static void connect(Api api, User requester, User owner) {
        String qr = api.post("/api/qr/generate", owner.token(), null).text("token");
        String connectionId = api.post("/api/connections/request", requester.token(), json("{'qrToken':'%s'}", qr)).text("connectionId");
        assertThat(api.post("/api/connections/accept", owner.token(), json("{'connectionId':'%s'}", connectionId)).status()).isLessThan(300);
    }
}
