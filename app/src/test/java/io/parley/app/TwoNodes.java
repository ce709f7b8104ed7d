package io.parley.app;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two app processes sharing one event store ({@link #profiles()}: PostgreSQL, or Axon Server), one PostgreSQL database
 * for the look-up tables (made for this run), one Mongo-wire read store (a mongo-java-server in this JVM) and the
 * machine's Redis: pushes cross nodes, concurrent commands on one aggregate from both nodes neither lose nor
 * duplicate, each processor's segment is claimed by one node, and the users of a node that crashes are told offline
 * by another. Skipped, saying so, when PostgreSQL (127.0.0.1:5432 or PARLEY_TEST_PG_URL), Redis (127.0.0.1:6379) or
 * the event store does not answer. The nodes' logs are kept under {@code target/two-nodes/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TwoNodes {

    /** Sessions lapse 3 s after their node last refreshed them, every second. */
    private static final Duration SESSION_TTL = Duration.ofSeconds(3);
    private static final String PG = System.getenv().getOrDefault("PARLEY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String PG_USER = System.getenv().getOrDefault("PARLEY_TEST_PG_USER", "postgres");
    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String database = "parley_nodes_" + run;
    private static final String CODE = "424242";
    /** Every processor's segments (processor/segment): one each. */
    private static final List<String> SEGMENTS =
            List.of("users/0", "connections/0", "chats/0", "media/0", "media-worker/0", "calls/0", "statuses/0", "notifications/0");
    private static final int MESSAGES = 20;
    private final Path logs = Path.of("target", "two-nodes", run);

    private boolean databaseCreated;
    private MongoServer mongoServer;
    private MongoClient mongo;
    private String mongoUri;
    /** Started first, so it holds every processor's segment: the projections (and their pushes) run here. */
    private AppProcess worker;
    /** Holds the sockets under test: every push they get was caused, projected and published on the worker. */
    private AppProcess sockets;

    String databaseUrl() {
        return PG + database;
    }

    String pgUser() {
        return PG_USER;
    }

    /** The nodes' Spring profiles: which event store they share. */
    abstract String profiles();

    /** Aborts the tests, saying why, when the event store cannot be had; called first. */
    abstract void requireEventStore();

    record User(String id, String token) {
    }

    @BeforeAll
    void startNodes() throws Exception {
        requireEventStore();
        try (Connection admin = DriverManager.getConnection(PG + "postgres", PG_USER, "")) {
            admin.createStatement().execute("create database " + database);
            databaseCreated = true;
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL is not reachable at " + PG + " as " + PG_USER + ": " + e.getMessage());
        }
        try (java.net.Socket redis = new java.net.Socket()) {
            redis.connect(new InetSocketAddress("127.0.0.1", 6379), 1_000);
        } catch (IOException e) {
            Assumptions.abort("Redis is not reachable at 127.0.0.1:6379: " + e.getMessage());
        }
        mongoServer = new MongoServer(new MemoryBackend());
        mongoServer.bind("127.0.0.1", 0);
        InetSocketAddress address = mongoServer.getLocalAddress();
        mongoUri = "mongodb://127.0.0.1:" + address.getPort() + "/parley_" + run;
        mongo = MongoClients.create(mongoUri);

        worker = start("worker", mongoUri);
        worker.awaitReady();
        awaitClaims(worker);
        sockets = start("sockets", mongoUri);
        sockets.awaitReady();
    }

    @AfterAll
    void stopNodes() throws SQLException {
        for (AppProcess node : new AppProcess[]{worker, sockets}) {
            if (node != null) {
                node.stop();
            }
        }
        if (mongo != null) {
            mongo.close();
            mongoServer.shutdownNow();
        }
        if (databaseCreated) {
            try (Connection admin = DriverManager.getConnection(PG + "postgres", PG_USER, "")) {
                admin.createStatement().execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    @Test
    void socketsGetPushesFromTheOtherNodeAndConcurrentSendsFromBothNodesStayGapless() throws Exception {
        User ann = login(sockets, "ann");
        User ben = login(worker, "ben");
        try (Socket annSocket = Socket.open(sockets.port(), ann.token())) {
            String qr = sockets.api().post("/api/qr/generate", ann.token(), null).text("token");
            String connectionId = worker.api().post("/api/connections/request", ben.token(),
                    json("{'qrToken':'%s'}", qr)).text("connectionId");
            assertThat(annSocket.next("connection:request").path("data").path("connectionId").asString())
                    .isEqualTo(connectionId);
            assertThat(sockets.api().post("/api/connections/accept", ann.token(),
                    json("{'connectionId':'%s'}", connectionId)).status()).isEqualTo(200);

            try (Socket benSocket = Socket.open(worker.port(), ben.token())) {
                assertThat(annSocket.next("user:online").path("data").path("userId").asString()).isEqualTo(ben.id());
                assertThat(sockets.api().get("/api/presence/" + ben.id(), ann.token()).json().path("online").asBoolean())
                        .as("presence written by one node, read on the other").isTrue();
            }
            assertThat(annSocket.next("user:offline").path("data").path("userId").asString()).isEqualTo(ben.id());

            // Ann's live chat list is a subscription on her node; the chat is projected on the worker.
            Socket.Live annChats = annSocket.subscribe("/user/queue/live/chats");
            assertThat(annChats.next().path("type").asString()).isEqualTo("snapshot");

            List<JsonNode> sent = sendConcurrently(ann, ben);
            assertThat(sent).allSatisfy(message -> assertThat(message.path("seq").asLong()).isPositive());
            String chatId = sent.get(0).path("chatId").asString();
            assertThat(sent).extracting(message -> message.path("chatId").asString()).containsOnly(chatId);
            List<Long> expected = LongStream.rangeClosed(1, MESSAGES).boxed().toList();
            assertThat(sent).extracting(message -> message.path("seq").asLong()).containsExactlyInAnyOrderElementsOf(expected);

            for (AppProcess node : new AppProcess[]{worker, sockets}) {
                JsonNode page = node.api().get("/api/chat/" + chatId + "?limit=200", ann.token()).json();
                List<Long> seqs = new ArrayList<>();
                Set<String> texts = new HashSet<>();
                page.path("messages").forEach(message -> {
                    seqs.add(message.path("seq").asLong());
                    texts.add(message.path("text").asString());
                });
                assertThat(seqs).as("history on " + node.name()).isEqualTo(expected);
                assertThat(texts).hasSize(MESSAGES);
            }

            // Pushes come in seq order: one aggregate's events are in order in the global stream (one sequence
            // value per append), and publication order survives the Redis hop.
            Set<Long> pushed = new LinkedHashSet<>();
            while (pushed.size() < MESSAGES) {
                pushed.add(annSocket.next("chat:receive").path("data").path("seq").asLong());
            }
            assertThat(pushed).containsExactlyElementsOf(expected);
            assertThat(annChats.next(chat -> chat.path("lastMessage").path("seq").asLong() == MESSAGES)
                    .path("data").path("chatId").asString()).as("a live-query update from the other node").isEqualTo(chatId);
        }

        Map<String, String> owners = owners();
        assertThat(owners).as("every processor's segments, each claimed by the worker only")
                .containsOnlyKeys(SEGMENTS)
                .allSatisfy((segment, owner) -> assertThat(owner).startsWith(worker.process().pid() + "@"));
    }

    /**
     * A node that dies without a word (SIGKILL) told nobody that its users went offline: another node finds their
     * lapsed sessions and tells their connections, with the time the dead node last vouched for them.
     */
    @Test
    void theUsersOfACrashedNodeAreToldOfflineByAnother() throws Exception {
        AppProcess doomed = start("doomed", mongoUri);
        try {
            doomed.awaitReady();
            User cy = login(sockets, "cy");
            User dan = login(doomed, "dan");
            String qr = sockets.api().post("/api/qr/generate", cy.token(), null).text("token");
            String connectionId = doomed.api().post("/api/connections/request", dan.token(),
                    json("{'qrToken':'%s'}", qr)).text("connectionId");
            assertThat(sockets.api().post("/api/connections/accept", cy.token(),
                    json("{'connectionId':'%s'}", connectionId)).status()).isEqualTo(200);
            try (Socket cySocket = Socket.open(sockets.port(), cy.token())) {
                Socket danSocket = Socket.open(doomed.port(), dan.token());
                assertThat(cySocket.next("user:online").path("data").path("userId").asString()).isEqualTo(dan.id());
                Instant killed = Instant.now();
                doomed.kill();

                JsonNode offline = cySocket.next("user:offline", Duration.ofSeconds(20));
                assertThat(offline.path("data").path("userId").asString()).isEqualTo(dan.id());
                Instant lastSeen = Instant.parse(offline.path("data").path("lastSeen").asString());
                assertThat(lastSeen).as("the dead node's last refresh").isBetween(killed.minus(Duration.ofSeconds(2)), killed);
                assertThat(sockets.api().get("/api/presence/" + dan.id(), cy.token()).json().path("online").asBoolean()).isFalse();
                assertThatThrownBy(() -> cySocket.next("user:offline", SESSION_TTL)).as("told once").isInstanceOf(AssertionError.class);
                danSocket.close();
            }
        } finally {
            doomed.kill();
        }
    }

    /** Ann and Ben each send half the messages, alternating between the nodes, all at once (the first ones too). */
    private List<JsonNode> sendConcurrently(User ann, User ben) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Response>> responses = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                AppProcess node = i % 2 == 0 ? worker : sockets;
                User from = i % 4 < 2 ? ann : ben;
                User to = from == ann ? ben : ann;
                String body = json("{'to':'%s','text':'m%d','clientMessageId':'c%d'}", to.id(), i, i);
                responses.add(senders.submit(() -> node.api().post("/api/chat/send", from.token(), body)));
            }
            List<JsonNode> sent = new ArrayList<>();
            for (Future<Api.Response> response : responses) {
                Api.Response answer = response.get();
                assertThat(answer.status()).as(answer.raw().body()).isEqualTo(201);
                sent.add(answer.json());
            }
            return sent;
        } finally {
            senders.shutdownNow();
        }
    }

    /** Offer, answer and ICE cross nodes to the right session: the caller on one node, the callee's devices on both. */
    @Test
    void callSignalsReachTheCallSessionsOnEitherNode() throws Exception {
        User fay = login(sockets, "fay");
        User gil = login(worker, "gil");
        String qr = sockets.api().post("/api/qr/generate", fay.token(), null).text("token");
        String connectionId = worker.api().post("/api/connections/request", gil.token(), json("{'qrToken':'%s'}", qr)).text("connectionId");
        assertThat(sockets.api().post("/api/connections/accept", fay.token(), json("{'connectionId':'%s'}", connectionId)).status()).isEqualTo(200);
        try (Socket caller = Socket.open(sockets.port(), fay.token());
             Socket calleeHere = Socket.open(worker.port(), gil.token());
             Socket calleeThere = Socket.open(sockets.port(), gil.token())) {
            caller.send("/app/call.offer", json("{'to':'%s','media':'video','sdp':'offer'}", gil.id()));
            String callId = calleeHere.next("call:offer").path("data").path("call").path("callId").asString();
            calleeThere.next("call:offer");
            calleeHere.send("/app/call.answer", json("{'callId':'%s','sdp':'answer'}", callId));
            assertThat(caller.next("call:answer").path("data").path("sdp").asString()).isEqualTo("answer");
            assertThat(calleeThere.next("call:answered-elsewhere").path("data").path("callId").asString()).isEqualTo(callId);
            caller.send("/app/call.ice", json("{'callId':'%s','candidate':{'candidate':'c1'}}", callId));
            assertThat(calleeHere.next("call:ice").path("data").path("candidate").path("candidate").asString()).isEqualTo("c1");
            calleeHere.send("/app/call.ice", json("{'callId':'%s','candidate':{'candidate':'c2'}}", callId));
            assertThat(caller.next("call:ice").path("data").path("candidate").path("candidate").asString()).isEqualTo("c2");
            caller.send("/app/call.end", json("{'callId':'%s'}", callId));
            assertThat(calleeHere.next("call:ended").path("data").path("call").path("outcome").asString()).isEqualTo("answered");
            calleeThere.expectNone("call:ice", java.time.Duration.ofMillis(500));
        }
    }

    @Test
    void personalDataKeysAreSharedAndAnErasureOnOneNodeIsHonouredByTheOther() throws Exception {
        String admin = login(worker, "admin").token();
        User eva = login(sockets, "eva");
        assertThat(sockets.api().patch("/api/users/me", eva.token(), json("{'name':'Eva Shared'}")).status()).isEqualTo(200);
        assertThat(auditedName(admin, eva)).as("read on the node that did not make the key").isEqualTo("Eva Shared");
        assertThat(storedEventPayloads()).noneMatch(payload -> payload.contains("Eva Shared") || payload.contains(email("eva")));

        assertThat(sockets.api().delete("/api/users/me", eva.token()).status()).isEqualTo(204);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!auditedName(admin, eva).equals("[erased]")) {
            assertThat(System.nanoTime()).as("the worker forgets the key erased on the other node").isLessThan(deadline);
            Thread.sleep(100);
        }
        assertThat(storedEventPayloads()).noneMatch(payload -> payload.contains("Eva Shared") || payload.contains(email("eva")));
    }

    private String auditedName(String admin, User user) {
        Api.Response history = worker.api().get("/api/admin/audit/User/" + user.id(), admin);
        assertThat(history.status()).as(history.raw().body()).isEqualTo(200);
        return history.json().get(1).path("payload").path("name").asString();
    }

    /** The event payloads as the shared event store holds them, where a test can read them (none on Axon Server). */
    List<String> storedEventPayloads() throws SQLException {
        return List.of();
    }

    private User login(AppProcess node, String name) {
        Api.Response login = node.api().post("/api/auth/otp/verify", null,
                json("{'identifier':'%s','otp':'%s'}", email(name), CODE));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return new User(login.json().path("user").path("id").asString(), login.text("token"));
    }

    private String email(String name) {
        return name + "-" + run + "@nodes.test";
    }

    private AppProcess start(String name, String mongoUri) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=" + profiles(),
                "--parley.data-dir=" + logs.resolve(name + "-data").toAbsolutePath(),
                "--parley.push.channel=parley:push:test-" + run,
                "--parley.presence.session-ttl=" + SESSION_TTL.toMillis() + "ms",
                "--parley.presence.refresh-every=1s"));
        arguments.add("--parley.admins=" + email("admin"));
        arguments.add("--parley.erasure.forget-every=200ms");
        for (String user : List.of("ann", "ben", "cy", "dan", "eva", "fay", "gil", "admin")) {
            arguments.add("--parley.otp.test-identifiers[" + email(user) + "]=" + CODE);
        }
        return AppProcess.start(name, logs, Map.of(
                "DATABASE_URL", PG + database,
                "database_USERNAME", PG_USER,
                "MONGODB_URI", mongoUri,
                "REDIS_URL", "redis://127.0.0.1:6379",
                "PARLEY_JWT_SECRET", "two-nodes-share-this-jwt-secret-" + run,
                "PARLEY_OTP_SECRET", "two-nodes-share-this-otp-secret-" + run), arguments);
    }

    private void awaitClaims(AppProcess node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (owners().size() < SEGMENTS.size() || !owners().values().stream()
                .allMatch(owner -> owner != null && owner.startsWith(node.process().pid() + "@"))) {
            assertThat(System.nanoTime()).as("%s claims every segment: %s", node.name(), owners()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The token store's claims: processor/segment → owner; not its own identity ({@code __config}, on Axon Server). */
    private Map<String, String> owners() {
        Map<String, String> owners = new HashMap<>();
        for (Document token : mongo.getDatabase("parley_" + run).getCollection("trackingtokens")
                .find(new Document("processorName", new Document("$ne", "__config")))) {
            owners.put(token.getString("processorName") + "/" + token.getInteger("segment"), token.getString("owner"));
        }
        return owners;
    }
}
