package io.parley.app;

import io.parley.ParleyApplication;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app in a JVM of its own (on this test's class path), for what one JVM cannot show: several nodes, or a
 * process killed without warning. Its output goes to {@code <name>.log} in the given directory.
 */
record AppProcess(String name, Process process, Api api, int port, Path logs) {

    private static final Random PORTS = new Random();
    /** Ports given to a process of this test run: a restarted node gets a new one, never one a dead node held. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    static AppProcess start(String name, Path logs, Map<String, String> environment, List<String> arguments)
            throws IOException {
        return start(name, logs, environment, arguments, "384m");
    }

    /** With the given maximum heap ({@code -Xmx}). */
    static AppProcess start(String name, Path logs, Map<String, String> environment, List<String> arguments, String heap)
            throws IOException {
        int port = freePort();
        Files.createDirectories(logs);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                ParleyApplication.class.getName(),
                "--server.port=" + port,
                "--parley.auth.ip-limit=100000"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(environment);
        return new AppProcess(name, builder.start(), new Api(port), port, logs);
    }

    AppProcess awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as(name + " exited; see " + logs).isTrue();
            try {
                if (api.get("/actuator/health/readiness", null).status() == 200) {
                    return this;
                }
            } catch (IllegalStateException notListeningYet) {
                // The port opens once the context is up.
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not ready within 60 s; see " + logs);
    }

    /**
     * Until every projection's lag is 0. After a kill, the dead process's segment claims lapse first (the claim
     * timeout), then the projections redo what the read store lacks.
     */
    void awaitProjectionsCaughtUp(String adminToken) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean caughtUp = true;
            for (JsonNode processor : api.get("/api/admin/projections", adminToken).json()) {
                caughtUp &= processor.path("lag").asLong(-1) == 0;
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + ": projections did not catch up within 60 s; see " + logs);
    }

    /** SIGKILL: no shutdown hook, no graceful close of any store. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator stops a node; forced after 15 s. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * A port free now, below the kernel's range for ephemeral ports (Linux: from 32768). A port from that range, as a
     * bind to port 0 picks it here, could be handed again to the child's own bind to port 0 (its in-process read store
     * makes one) before its web server binds it: the child then failed to start ("Port … was already in use").
     */
    private static int freePort() throws IOException {
        for (int tries = 0; tries < 100; tries++) {
            int port = 20_000 + PORTS.nextInt(12_000);
            if (HANDED_OUT.add(port)) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    return socket.getLocalPort();
                } catch (IOException taken) {
                    // Someone else's: try another.
                }
            }
        }
        throw new IOException("no free port between 20000 and 32000 in 100 tries");
    }
}
