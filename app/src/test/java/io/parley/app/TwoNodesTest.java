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
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
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

/**
 * Two app processes on the {@code postgres} profile, sharing one PostgreSQL event store (a database made for this
 * run), one Mongo-wire read store (a mongo-java-server in this JVM) and the machine's Redis: pushes cross nodes,
 * concurrent commands on one aggregate from both nodes neither lose nor duplicate, and each processor's segment
 * is claimed by one node. Skipped, saying so, when PostgreSQL (127.0.0.1:5432 or PARLEY_TEST_PG_URL) or Redis
 * (127.0.0.1:6379) does not answer. The nodes' logs are kept under {@code target/two-nodes/}.
 */
class TwoNodesTest {

    private static final String PG = System.getenv().getOrDefault("PARLEY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String PG_USER = System.getenv().getOrDefault("PARLEY_TEST_PG_USER", "postgres");
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String DATABASE = "parley_nodes_" + RUN;
    private static final String CODE = "424242";
    /** Every processor's segments (processor/segment): one each. */
    private static final List<String> SEGMENTS =
            List.of("users/0", "connections/0", "chats/0");
    private static final int MESSAGES = 20;
    private static final Path LOGS = Path.of("target", "two-nodes", RUN);

    private static boolean databaseCreated;
    private static MongoServer mongoServer;
    private static MongoClient mongo;
    /** Started first, so it holds every processor's segment: the projections (and their pushes) run here. */
    private static AppProcess worker;
    /** Holds the sockets under test: every push they get was caused, projected and published on the worker. */
    private static AppProcess sockets;

    record User(String id, String token) {
    }

    @BeforeAll
    static void startNodes() throws Exception {
        try (Connection admin = DriverManager.getConnection(PG + "postgres", PG_USER, "")) {
            admin.createStatement().execute("create database " + DATABASE);
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
        String mongoUri = "mongodb://127.0.0.1:" + address.getPort() + "/parley_" + RUN;
        mongo = MongoClients.create(mongoUri);

        worker = start("worker", mongoUri);
        worker.awaitReady();
        awaitClaims(worker);
        sockets = start("sockets", mongoUri);
        sockets.awaitReady();
    }

    @AfterAll
    static void stopNodes() throws SQLException {
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
                admin.createStatement().execute("drop database if exists " + DATABASE + " with (force)");
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
        }

        try (Connection db = DriverManager.getConnection(PG + DATABASE, PG_USER, "")) {
            var increment = db.createStatement().executeQuery(
                    "select increment_by from pg_sequences where sequencename = 'domain_event_entry_seq'");
            assertThat(increment.next()).isTrue();
            assertThat(increment.getLong(1)).as("one global index per appended event, in append order").isEqualTo(1);
        }

        Map<String, String> owners = owners();
        assertThat(owners).as("every processor's segments, each claimed by the worker only")
                .containsOnlyKeys(SEGMENTS)
                .allSatisfy((segment, owner) -> assertThat(owner).startsWith(worker.process().pid() + "@"));
    }

    /** Ann and Ben each send half the messages, alternating between the nodes, all at once (the first ones too). */
    private static List<JsonNode> sendConcurrently(User ann, User ben) throws Exception {
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

    private static User login(AppProcess node, String name) {
        Api.Response login = node.api().post("/api/auth/otp/verify", null,
                json("{'identifier':'%s','otp':'%s'}", email(name), CODE));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return new User(login.json().path("user").path("id").asString(), login.text("token"));
    }

    private static String email(String name) {
        return name + "-" + RUN + "@nodes.test";
    }

    private static AppProcess start(String name, String mongoUri) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--parley.data-dir=" + LOGS.resolve(name + "-data").toAbsolutePath(),
                "--parley.push.channel=parley:push:test-" + RUN));
        for (String user : List.of("ann", "ben")) {
            arguments.add("--parley.otp.test-identifiers[" + email(user) + "]=" + CODE);
        }
        return AppProcess.start(name, LOGS, Map.of(
                "DATABASE_URL", PG + DATABASE,
                "DATABASE_USERNAME", PG_USER,
                "MONGODB_URI", mongoUri,
                "REDIS_URL", "redis://127.0.0.1:6379",
                "PARLEY_JWT_SECRET", "two-nodes-share-this-jwt-secret-" + RUN,
                "PARLEY_OTP_SECRET", "two-nodes-share-this-otp-secret-" + RUN), arguments);
    }

    private static void awaitClaims(AppProcess node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (owners().size() < SEGMENTS.size() || !owners().values().stream()
                .allMatch(owner -> owner != null && owner.startsWith(node.process().pid() + "@"))) {
            assertThat(System.nanoTime()).as("%s claims every segment", node.name()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The token store's claims: processor/segment → owner. */
    private static Map<String, String> owners() {
        Map<String, String> owners = new HashMap<>();
        for (Document token : mongo.getDatabase("parley_" + RUN).getCollection("trackingtokens").find()) {
            owners.put(token.getString("processorName") + "/" + token.getInteger("segment"), token.getString("owner"));
        }
        return owners;
    }
}
