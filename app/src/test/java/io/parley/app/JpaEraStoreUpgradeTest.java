package io.parley.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store made by the JPA versions (Hibernate's tables, {@code upgrade/jpa-era-*.sql}, with a parked dead letter) is
 * used as it is by the JDBC version, on H2 and on PostgreSQL: new events take their global index from the old sequence,
 * the look-up tables work across a restart, and the dead letter moves to the JDBC queue's table with its instants.
 */
class JpaEraStoreUpgradeTest {

    private static final String PG_SERVER = System.getenv().getOrDefault("PARLEY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String PG_USER = System.getenv().getOrDefault("PARLEY_TEST_PG_USER", "postgres");

    @Test
    void anEmbeddedStoreHibernateMadeIsUsedAsItIs(@TempDir Path dir) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir + "/eventstore", "sa", "")) {
            seed(db, "upgrade/jpa-era-h2.sql");
        }
        upgrade(null, "parley.data-dir=" + dir);
    }

    @Test
    void aPostgresStoreHibernateMadeIsUsedAsItIs(@TempDir Path dir) throws Exception {
        String database = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(PG_SERVER + "postgres", PG_USER, "")) {
            admin.createStatement().execute("create database " + database);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL is not reachable at " + PG_SERVER + " as " + PG_USER + ": " + e.getMessage());
        }
        try {
            try (Connection db = DriverManager.getConnection(PG_SERVER + database, PG_USER, "")) {
                seed(db, "upgrade/jpa-era-postgres.sql");
            }
            upgrade("postgres", "DATABASE_URL=" + PG_SERVER + database, "parley.data-dir=" + dir);
        } finally {
            try (Connection admin = DriverManager.getConnection(PG_SERVER + "postgres", PG_USER, "")) {
                admin.createStatement().execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    /** The JPA versions' schema, and a letter their queue parked for the {@code users} projection. */
    private static void seed(Connection db, String schema) throws IOException, SQLException {
        try (Statement sql = db.createStatement()) {
            for (String statement : resource(schema).split(";")) {
                if (!statement.lines().allMatch(line -> line.isBlank() || line.startsWith("--"))) {
                    sql.execute(statement);
                }
            }
        }
        try (PreparedStatement letter = db.prepareStatement("""
                insert into dead_letter_entry (dead_letter_id, processing_group, sequence_identifier, sequence_index,
                    message_type, event_identifier, time_stamp, payload_type, payload, meta_data, type,
                    aggregate_identifier, sequence_number, enqueued_at, last_touched, cause_type, cause_message, diagnostics)
                values ('letter-1', 'users', 'user-1', 0, 'org.axonframework.eventhandling.GenericDomainEventMessage',
                    'event-1', '2026-11-01T09:59:59.500Z', 'io.parley.api.user.UserEvents$ProfileUpdated', ?, ?, 'User',
                    'user-1', 3, ?, ?, 'java.lang.IllegalStateException', 'read store down', ?)""")) {
            letter.setBytes(1, "{}".getBytes(StandardCharsets.UTF_8));
            letter.setBytes(2, "{}".getBytes(StandardCharsets.UTF_8));
            letter.setObject(3, OffsetDateTime.parse("2026-11-01T10:00:00.123Z"));
            letter.setObject(4, OffsetDateTime.parse("2026-11-01T10:05:00Z"));
            letter.setBytes(5, "{\"retries\":2}".getBytes(StandardCharsets.UTF_8));
            letter.executeUpdate();
        }
    }

    private static void upgrade(String profile, String... settings) {
        String[] properties = Stream.concat(Arrays.stream(settings), Stream.of("parley.admins=ann@jpa.test",
                "parley.otp.test-identifiers[ann@jpa.test]=111111", "parley.jwt.secret=" + UUID.randomUUID()))
                .toArray(String[]::new);
        String userId;
        try (ConfigurableApplicationContext node = Nodes.start(profile, properties)) {
            Api api = Nodes.api(node);
            Api.Response login = login(api);
            userId = login.json().path("user").path("id").asString();
            String token = login.text("token");
            assertThat(api.patch("/api/users/me", token, json("{'name':'Ann'}")).status()).isEqualTo(200);

            JsonNode letters = api.get("/api/admin/dead-letters/users", token).json();
            assertThat(letters.size()).isEqualTo(1);
            JsonNode letter = letters.get(0);
            assertThat(letter.path("id").asString()).isEqualTo("letter-1");
            assertThat(letter.path("aggregateId").asString()).isEqualTo("user-1");
            assertThat(letter.path("aggregateSeq").asLong()).isEqualTo(3);
            assertThat(letter.path("enqueuedAt").asString()).isEqualTo("2026-11-01T10:00:00.123Z");
            assertThat(letter.path("lastTouched").asString()).isEqualTo("2026-11-01T10:05:00Z");
            assertThat(letter.path("cause").path("message").asString()).isEqualTo("read store down");
            assertThat(letter.path("retries").asInt()).isEqualTo(2);

            JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("select count(*) from information_schema.tables"
                    + " where lower(table_name) = 'dead_letter_entry'", Integer.class)).as("the old table is gone").isZero();
            List<Long> indexes = jdbc.queryForList("select global_index from domain_event_entry order by global_index", Long.class);
            assertThat(indexes).as("events numbered by the old sequence, one by one").isNotEmpty();
            assertThat(indexes.get(indexes.size() - 1) - indexes.get(0)).isEqualTo(indexes.size() - 1);
        }
        try (ConfigurableApplicationContext node = Nodes.start(profile, properties)) {
            Api api = Nodes.api(node);
            Api.Response again = login(api);
            assertThat(again.json().path("user").path("id").asString()).as("the identifier's owner is looked up").isEqualTo(userId);
            assertThat(api.get("/api/users/me", again.text("token")).json().path("name").asString()).isEqualTo("Ann");
            assertThat(api.get("/api/admin/dead-letters/users", again.text("token")).json().size()).as("moved once").isEqualTo(1);
        }
    }

    private static Api.Response login(Api api) {
        Api.Response login = api.post("/api/auth/otp/verify", null, json("{'identifier':'ann@jpa.test','otp':'111111'}"));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return login;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = JpaEraStoreUpgradeTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
