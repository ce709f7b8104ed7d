package io.parley.app;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the black-box tests: the whole app on a random port, on the embedded default, with a fresh data
 * dir per test JVM. Subclasses add properties only where the behaviour under test needs other limits. The
 * {@code axonserver-api} run repeats them on the {@code axonserver} profile ({@link AxonServerTests}).
 */
@ExtendWith(AxonServerTests.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "parley.admins=admin@parley.test",
        "parley.otp.test-identifiers[tester@parley.test]=424242",
        "parley.otp.test-identifiers[admin@parley.test]=999999",
        "parley.auth.ip-limit=100000", "parley.chat.send-limit=100000"})
public abstract class ApiTest {

    private static final Path DATA_DIR = newDataDir();

    static {
        ConsoleCodes.install();
    }

    @LocalServerPort
    protected int port;

    @Autowired
    private EventProcessingConfiguration processing;

    /**
     * On Axon Server a new app context's fresh read store first replays what the earlier contexts of this JVM stored
     * there: the tests start once it has caught up, as they do on the embedded default's empty store.
     */
    @BeforeEach
    void projectionsCaughtUpWithEarlierContexts() throws InterruptedException {
        if (!AxonServerTests.ENABLED) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                .allMatch(processor -> processor.processingStatus().values().stream().allMatch(EventTrackerStatus::isCaughtUp))) {
            assertThat(System.nanoTime()).as("projections caught up with the Axon Server's events").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        String dir = DATA_DIR.resolve(UUID.randomUUID().toString()).toString();
        registry.add("parley.data-dir", () -> dir);
    }

    protected Api api() {
        return new Api(port);
    }

    protected static String uniqueEmail() {
        return "u" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    }

    /** Logs in through the console driver as a client would; answers the verify response. */
    protected Api.Response login(String identifier) {
        Api api = api();
        Api.Response requested = api.post("/api/auth/otp/request", null, Api.json("{'identifier':'%s'}", identifier));
        assertThat(requested.status()).as(requested.raw().body()).isEqualTo(202);
        String normalized = requested.text("identifier");
        Api.Response verified = api.post("/api/auth/otp/verify", null,
                Api.json("{'identifier':'%s','otp':'%s'}", identifier, ConsoleCodes.lastCode(normalized)));
        assertThat(verified.status()).as(verified.raw().body()).isEqualTo(200);
        return verified;
    }

    /** A logged-in user as the tests drive it. */
    protected record User(String id, String token) {
    }

    protected User user() {
        Api.Response login = login(uniqueEmail());
        return new User(login.json().path("user").path("id").asString(), login.text("token"));
    }

    /** {@code requester} scans {@code owner}'s fresh QR code; answers the pending connection's id. */
    protected String requestConnection(User requester, User owner) {
        String qr = api().post("/api/qr/generate", owner.token(), null).text("token");
        return api().post("/api/connections/request", requester.token(), Api.json("{'qrToken':'%s'}", qr)).text("connectionId");
    }

    /** Links the two users: a request by {@code requester}, accepted by {@code owner}. */
    protected String connect(User requester, User owner) {
        String connectionId = requestConnection(requester, owner);
        Api.Response accepted = api().post("/api/connections/accept", owner.token(), Api.json("{'connectionId':'%s'}", connectionId));
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(200);
        return connectionId;
    }

    /** The configured admin, logged in with its fixed test code (it logs in often: no OTP limits apply). */
    protected String adminToken() {
        Api.Response login = api().post("/api/auth/otp/verify", null, Api.json("{'identifier':'admin@parley.test','otp':'999999'}"));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return login.text("token");
    }

    /** A logged-in user with a profile name (notifications and statuses show it). */
    protected User named(String name) {
        User user = user();
        api().patch("/api/users/me", user.token(), Api.json("{'name':'%s'}", name));
        return user;
    }

    /** Sends a text message to a user or chat; answers the chat's id. */
    protected String sendText(User from, String to, String text) {
        Api.Response sent = api().post("/api/chat/send", from.token(), Api.json("{'to':'%s','text':'%s'}", to, text));
        assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
        return sent.text("chatId");
    }

    /** {@code value} once it is {@code wanted} (read models and workers follow the commands); fails after {@code within}. */
    protected static <T> T eventually(Duration within, Supplier<T> value, Predicate<T> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        T current = value.get();
        while (!wanted.test(current)) {
            assertThat(System.nanoTime()).as("last seen: " + current).isLessThan(deadline);
            Thread.sleep(50);
            current = value.get();
        }
        return current;
    }

    protected String token(String identifier) {
        return login(identifier).text("token");
    }

    static Path newDataDir() {
        try {
            return Files.createTempDirectory("parley-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
