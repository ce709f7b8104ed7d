package io.parley.app;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Event-sourcing guarantees seen from outside: read models are a pure function of history; snapshots are exact. */
class ReplayAndSnapshotTest {

    private static final List<String> COLLECTIONS = List.of("users", "connections", "chats", "messages");
    private static final String[] TESTERS = {
            "parley.otp.test-identifiers[ann@replay.test]=111111",
            "parley.otp.test-identifiers[ben@replay.test]=111111",
            "parley.otp.test-identifiers[cy@replay.test]=111111"};

    record User(String id, String token) {
    }

    private static User login(Api api, String email) {
        Api.Response login = api.post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'111111'}", email));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return new User(login.json().path("user").path("id").asString(), login.text("token"));
    }

    private static String connect(Api api, User requester, User owner) {
        String qr = api.post("/api/qr/generate", owner.token(), null).text("token");
        return api.post("/api/connections/request", requester.token(), json("{'qrToken':'%s'}", qr)).text("connectionId");
    }

    private static String[] with(String... more) {
        String[] all = new String[TESTERS.length + more.length];
        System.arraycopy(TESTERS, 0, all, 0, TESTERS.length);
        System.arraycopy(more, 0, all, TESTERS.length, more.length);
        return all;
    }

    @Test
    void aFreshReadStoreReplaysToExactlyTheSameDocuments(@TempDir Path live, @TempDir Path fresh) throws InterruptedException {
        Map<String, List<String>> before;
        try (ConfigurableApplicationContext node = Nodes.start(null, with("parley.data-dir=" + live))) {
            Api api = Nodes.api(node);
            User ann = login(api, "ann@replay.test");
            User ben = login(api, "ben@replay.test");
            User cy = login(api, "cy@replay.test");
            api.patch("/api/users/me", ann.token(), json("{'name':'Ann','bio':'hi','gender':'female'}"));
            api.post("/api/connections/accept", ann.token(), json("{'connectionId':'%s'}", connect(api, ben, ann)));
            api.post("/api/connections/decline", ann.token(), json("{'connectionId':'%s'}", connect(api, cy, ann)));
            api.post("/api/connections/accept", ann.token(), json("{'connectionId':'%s'}", connect(api, cy, ann)));
            String chatId = api.post("/api/chat/send", ben.token(), json("{'to':'%s','text':'one'}", ann.id())).text("chatId");
            api.post("/api/chat/send", ann.token(), json("{'to':'%s','text':'two','clientMessageId':'x'}", chatId));
            api.post("/api/chat/" + chatId + "/read", ben.token(), json("{'seq':2}"));
            String group = api.post("/api/chat/groups", ann.token(), json("{'name':'G','memberIds':['%s','%s']}", ben.id(), cy.id())).text("chatId");
            api.post("/api/chat/send", cy.token(), json("{'to':'%s','text':'three'}", group));
            api.delete("/api/chat/groups/" + group + "/members/" + cy.id(), cy.token());
            api.delete("/api/connections/remove?userId=" + cy.id(), ann.token());
            api.delete("/api/users/me", ben.token());
            before = settledDump(node.getBean(MongoTemplate.class));
        }
        assertThat(before.get("messages")).hasSize(3);

        try (ConfigurableApplicationContext node = Nodes.start(null, "parley.data-dir=" + fresh,
                "spring.datasource.url=jdbc:h2:file:" + live.resolve("eventstore") + ";DB_CLOSE_ON_EXIT=FALSE")) {
            MongoTemplate mongo = node.getBean(MongoTemplate.class);
            long deadline = System.currentTimeMillis() + 30_000;
            Map<String, List<String>> after = dump(mongo);
            while (!after.equals(before) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                after = dump(mongo);
            }
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void chatsAreSnapshottedAndCarryOnExactlyFromTheSnapshot(@TempDir Path dir) {
        String chatId;
        String thirdMessageId;
        User ann;
        try (ConfigurableApplicationContext node = Nodes.start(null, with("parley.data-dir=" + dir, "parley.chat.snapshot-every=10"))) {
            Api api = Nodes.api(node);
            ann = login(api, "ann@replay.test");
            User ben = login(api, "ben@replay.test");
            api.post("/api/connections/accept", ann.token(), json("{'connectionId':'%s'}", connect(api, ben, ann)));
            chatId = api.post("/api/chat/send", ann.token(), json("{'to':'%s','text':'m1','clientMessageId':'c1'}", ben.id())).text("chatId");
            String third = null;
            for (int i = 2; i <= 25; i++) {
                Api.Response sent = api.post("/api/chat/send", ann.token(), json("{'to':'%s','text':'m%d','clientMessageId':'c%d'}", chatId, i, i));
                if (i == 3) {
                    third = sent.text("messageId");
                }
            }
            thirdMessageId = third;
            Integer snapshots = new JdbcTemplate(node.getBean(DataSource.class)).queryForObject(
                    "select count(*) from snapshot_event_entry where aggregate_identifier = ?", Integer.class, chatId);
            assertThat(snapshots).isPositive();
            byte[] latest = new JdbcTemplate(node.getBean(DataSource.class)).queryForObject(
                    "select payload from snapshot_event_entry where aggregate_identifier = ? order by sequence_number desc limit 1",
                    byte[].class, chatId);
            assertThat(new String(latest, java.nio.charset.StandardCharsets.UTF_8))
                    .as("the snapshot holds the state, not an empty object").contains("\"lastSeq\"", "\"recent\"", "c3");
        }
        try (ConfigurableApplicationContext node = Nodes.start(null, with("parley.data-dir=" + dir, "parley.chat.snapshot-every=10"))) {
            Api api = Nodes.api(node);
            Api.Response retry = api.post("/api/chat/send", ann.token(), json("{'to':'%s','text':'m3','clientMessageId':'c3'}", chatId));
            assertThat(retry.status()).isEqualTo(200);
            assertThat(retry.text("messageId")).isEqualTo(thirdMessageId);
            assertThat(api.post("/api/chat/send", ann.token(), json("{'to':'%s','text':'m26'}", chatId)).json().path("seq").asLong())
                    .isEqualTo(26);
        }
    }

    /**
     * Snapshots are taken from the cached chat, whose state may be past the triggering event when concurrent sends are
     * stored together: each must hold exactly the state of the version it is stored at. In a 1:1 chat, event 0 starts
     * the chat and event n is message n, so a snapshot at sequence number n must say {@code lastSeq} n.
     */
    @Test
    void snapshotsTakenWhileSendsAreStoredTogetherHoldTheStateOfTheirVersion(@TempDir Path dir) throws Exception {
        String chatId;
        User ann;
        try (ConfigurableApplicationContext node = Nodes.start(null, with("parley.data-dir=" + dir, "parley.chat.snapshot-every=7",
                "parley.chat.send-limit=1000"))) {
            Api api = Nodes.api(node);
            ann = login(api, "ann@replay.test");
            User ben = login(api, "ben@replay.test");
            api.post("/api/connections/accept", ann.token(), json("{'connectionId':'%s'}", connect(api, ben, ann)));
            chatId = api.post("/api/chat/send", ann.token(), json("{'to':'%s','text':'m1'}", ben.id())).text("chatId");
            List<Callable<Integer>> sends = new ArrayList<>();
            for (int i = 2; i <= 121; i++) {
                User from = i % 2 == 0 ? ann : ben;
                String body = json("{'to':'%s','text':'m%d','clientMessageId':'c%d'}", chatId, i, i);
                sends.add(() -> api.post("/api/chat/send", from.token(), body).status());
            }
            // A new snapshot replaces the chat's earlier ones, so they are looked at while the sends go on.
            JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
            Set<List<Long>> snapshots = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(9);
            try {
                AtomicBoolean sending = new AtomicBoolean(true);
                Future<?> watcher = pool.submit(() -> {
                    while (sending.get()) {
                        jdbc.query("select sequence_number, payload from snapshot_event_entry where aggregate_identifier = ?",
                                (row, n) -> snapshots.add(List.of(row.getLong(1), lastSeq(row.getBytes(2)))), chatId);
                        Thread.sleep(5);
                    }
                    return null;
                });
                for (Future<Integer> sent : pool.invokeAll(sends)) {
                    assertThat(sent.get()).isEqualTo(201);
                }
                Thread.sleep(500);
                sending.set(false);
                watcher.get();
            } finally {
                pool.shutdownNow();
            }
            assertThat(snapshots).as("snapshots seen while sending").hasSizeGreaterThanOrEqualTo(3);
            assertThat(snapshots).allSatisfy(snapshot -> assertThat(snapshot.get(1)).as("lastSeq at sequence number %d", snapshot.get(0))
                    .isEqualTo(snapshot.get(0)));
            assertThat(snapshots.stream().mapToLong(snapshot -> snapshot.get(0)).max().orElseThrow())
                    .as("the latest snapshot is at most 7 messages old").isGreaterThanOrEqualTo(121 - 7);
        }
        try (ConfigurableApplicationContext node = Nodes.start(null, with("parley.data-dir=" + dir, "parley.chat.snapshot-every=7"))) {
            Api api = Nodes.api(node);
            Api.Response retry = api.post("/api/chat/send", ann.token(), json("{'to':'%s','text':'m120','clientMessageId':'c120'}", chatId));
            assertThat(retry.status()).as("a retry of an earlier message").isEqualTo(200);
            assertThat(api.post("/api/chat/send", ann.token(), json("{'to':'%s','text':'m122'}", chatId)).json().path("seq").asLong())
                    .isEqualTo(122);
        }
    }

    private static long lastSeq(byte[] snapshot) {
        Matcher lastSeq = Pattern.compile("\"lastSeq\":(\\d+)").matcher(new String(snapshot, StandardCharsets.UTF_8));
        assertThat(lastSeq.find()).isTrue();
        return Long.parseLong(lastSeq.group(1));
    }

    /** The read models once the projections have stopped changing them (receipts answer before they are projected). */
    private static Map<String, List<String>> settledDump(MongoTemplate mongo) throws InterruptedException {
        Map<String, List<String>> previous = dump(mongo);
        while (true) {
            Thread.sleep(500);
            Map<String, List<String>> current = dump(mongo);
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
    }

    private static Map<String, List<String>> dump(MongoTemplate mongo) {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (String collection : COLLECTIONS) {
            dump.put(collection, mongo.findAll(Document.class, collection).stream()
                    .map(Document::toJson).sorted().toList());
        }
        return dump;
    }
}
