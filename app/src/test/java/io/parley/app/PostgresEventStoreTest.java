package io.parley.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code postgres} profile against the machine's PostgreSQL (127.0.0.1:5432, or PARLEY_TEST_PG_URL), in a
 * database made for this run. Skipped, saying so, only when no PostgreSQL answers.
 */
class PostgresEventStoreTest {

    private static final String SERVER = System.getenv().getOrDefault("PARLEY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = System.getenv().getOrDefault("PARLEY_TEST_PG_USER", "postgres");
    private static final String DATABASE = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll
    static void createDatabase() {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            admin.createStatement().execute("create database " + DATABASE);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL is not reachable at " + SERVER + " as " + USER + ": " + e.getMessage());
        }
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", USER, "")) {
            admin.createStatement().execute("drop database if exists " + DATABASE + " with (force)");
        }
    }

    @Test
    void eventsLiveInPostgresAsByteaAndAFreshReadStoreReplaysThem(@TempDir Path first, @TempDir Path second) throws SQLException {
        String url = "DATABASE_URL=" + SERVER + DATABASE;
        // Nodes sharing an event store share their secrets by configuration, not through a data dir.
        String secret = "parley.jwt.secret=" + UUID.randomUUID();
        String email = "pg@example.com";
        String token;
        try (ConfigurableApplicationContext node = Nodes.start("postgres", url, secret, "parley.data-dir=" + first)) {
            Api api = Nodes.api(node);
            api.post("/api/auth/otp/request", null, json("{'identifier':'%s'}", email));
            token = api.post("/api/auth/otp/verify", null,
                    json("{'identifier':'%s','otp':'%s'}", email, ConsoleCodes.lastCode(email))).text("token");
            assertThat(api.patch("/api/users/me", token, json("{'name':'From Postgres'}")).status()).isEqualTo(200);
        }

        try (Connection db = DriverManager.getConnection(SERVER + DATABASE, USER, "")) {
            assertThat(columnTypes(db, "domain_event_entry")).containsEntry("payload", "bytea").containsEntry("meta_data", "bytea");
            // The projections' dead-letter queues live here too, shared by every node.
            assertThat(columnTypes(db, "dead_letters")).containsEntry("payload", "bytea")
                    .containsEntry("meta_data", "bytea").containsEntry("diagnostics", "bytea");
            ResultSet types = db.createStatement().executeQuery(
                    "select payload_type from domain_event_entry order by global_index");
            List<String> recorded = new ArrayList<>();
            while (types.next()) {
                recorded.add(types.getString(1));
            }
            assertThat(recorded).contains("io.parley.api.auth.AuthEvents$OtpIssued",
                    "io.parley.api.user.UserEvents$UserRegistered", "io.parley.api.user.UserEvents$ProfileUpdated");
            assertThat(indexes(db)).as("aggregate and sequence unique, event identifiers not indexed")
                    .anyMatch(index -> index.contains("UNIQUE") && index.contains("(aggregate_identifier, sequence_number)"))
                    .noneMatch(index -> index.contains("event_identifier"));
            // As a store created before event identifiers stopped being indexed: the next start drops the index.
            db.createStatement().execute(
                    "alter table domain_event_entry add constraint UKfwe6lsa8bfo6hyas6ud3m8c7x unique (event_identifier)");
        }

        // A new data dir means an empty read store and no tracking tokens: the projection rebuilds from PostgreSQL.
        try (ConfigurableApplicationContext node = Nodes.start("postgres", url, secret, "parley.data-dir=" + second)) {
            Api api = Nodes.api(node);
            Api.Response me = awaitProfile(api, token);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.text("name")).isEqualTo("From Postgres");
        }
        try (Connection db = DriverManager.getConnection(SERVER + DATABASE, USER, "")) {
            assertThat(indexes(db)).noneMatch(index -> index.contains("event_identifier"));
        }
    }

    private static List<String> indexes(Connection db) throws SQLException {
        ResultSet rows = db.createStatement().executeQuery("select indexdef from pg_indexes where tablename = 'domain_event_entry'");
        List<String> definitions = new ArrayList<>();
        while (rows.next()) {
            definitions.add(rows.getString(1));
        }
        return definitions;
    }

    private static Api.Response awaitProfile(Api api, String token) {
        long deadline = System.currentTimeMillis() + 20_000;
        Api.Response me = api.get("/api/users/me", token);
        // The projection replays the whole history: wait for it to reach the profile change, not just the user.
        while (!"From Postgres".equals(me.text("name")) && System.currentTimeMillis() < deadline) {
            sleep();
            me = api.get("/api/users/me", token);
        }
        return me;
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> columnTypes(Connection db, String table) throws SQLException {
        Map<String, String> types = new HashMap<>();
        ResultSet columns = db.createStatement().executeQuery(
                "select column_name, data_type from information_schema.columns where table_name = '" + table + "'");
        while (columns.next()) {
            types.put(columns.getString(1), columns.getString(2));
        }
        return types;
    }
}
