package io.parley.app;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The black-box tests on the {@code axonserver} profile: with {@code -Dparley.test.axonserver=true} (the
 * {@code axonserver-api} run in app/pom.xml) every {@link ApiTest} runs against a real Axon Server, the one listening
 * on localhost:8124 (in development mode: its events are purged first) or, when none is, one started from the jar that
 * {@code AXONSERVER_JAR} names (README "Axon
 * Server SE without Docker"), in development mode on a fresh data dir for this test JVM. The look-up tables go to a
 * fresh PostgreSQL database (the {@code postgres} profile). Without an Axon Server or PostgreSQL, those tests are
 * skipped, saying so. Without the property this condition does nothing.
 */
public final class AxonServerTests implements ExecutionCondition {

    static final boolean ENABLED = Boolean.getBoolean("parley.test.axonserver");
    private static final int GRPC_PORT = 8124;
    private static ConditionEvaluationResult available;
    private static ConditionEvaluationResult server;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!ENABLED) {
            return ConditionEvaluationResult.enabled("the embedded default");
        }
        synchronized (AxonServerTests.class) {
            if (available == null) {
                available = server();
                if (!available.isDisabled()) {
                    available = sharedLookupTables();
                }
            }
        }
        return available;
    }

    /** An Axon Server with an empty store on localhost:8124 (found or started once per JVM), or why there is none. */
    static synchronized ConditionEvaluationResult server() {
        if (server == null) {
            server = findOrStart();
            // Said once in the build's output, not only in the test reports.
            server.getReason().filter(reason -> server.isDisabled()).ifPresent(System.err::println);
        }
        return server;
    }

    /**
     * The look-up tables (one user per identifier, one connection per pair, sessions, dead letters) go to one
     * PostgreSQL database for this JVM, as they must for nodes sharing one Axon Server: the app contexts of this JVM
     * meet in the same event store, and a context's own embedded H2 would not know what another one registered.
     */
    private static ConditionEvaluationResult sharedLookupTables() {
        String server = System.getenv().getOrDefault("PARLEY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
        String database = "parley_as_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(server + "postgres", "postgres", "")) {
            admin.createStatement().execute("create database " + database);
        } catch (SQLException e) {
            return ConditionEvaluationResult.disabled("skipped on the axonserver profile: PostgreSQL (for the look-up tables)"
                    + " is not reachable at " + server + ": " + e.getMessage());
        }
        System.setProperty("spring.datasource.url", server + database);
        return available;
    }

    private static ConditionEvaluationResult findOrStart() {
        if (listening()) {
            purgeEvents();
            return ConditionEvaluationResult.enabled("an Axon Server listens on localhost:" + GRPC_PORT);
        }
        String jar = System.getenv("AXONSERVER_JAR");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            return ConditionEvaluationResult.disabled("skipped on the axonserver profile: no Axon Server listens on localhost:"
                    + GRPC_PORT + " and AXONSERVER_JAR names no jar (README \"Axon Server SE without Docker\")");
        }
        try {
            Path dir = Files.createTempDirectory("axonserver");
            Process server = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-jar", jar, "--axoniq.axonserver.devmode.enabled=true", "--axoniq.axonserver.standalone=true"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("axonserver.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && server.isAlive()) {
                if (listening()) {
                    return ConditionEvaluationResult.enabled("Axon Server started from " + jar + " (log in " + dir + ")");
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("Axon Server from " + jar + " did not open port " + GRPC_PORT + "; see " + dir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start Axon Server from " + jar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tests of earlier runs left their events in a server that was already running (fixed test identifiers would
     * find their earlier OTP challenges): in development mode, Axon Server empties its store on request.
     */
    private static void purgeEvents() {
        try {
            HttpResponse<String> purged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:8024/v1/devmode/purge-events")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (purged.statusCode() >= 300) {
                throw new IllegalStateException("The Axon Server on localhost:8124 did not empty its store (HTTP "
                        + purged.statusCode() + "): run it in development mode (--axoniq.axonserver.devmode.enabled=true)");
            }
        } catch (IOException e) {
            throw new IllegalStateException("The Axon Server on localhost:8124 has no HTTP port 8024 to empty its store", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", GRPC_PORT), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
