package io.parley.app;

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
import java.sql.SQLException;
import java.sql.Statement;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedded store made by the JPA versions (Hibernate's tables, {@code upgrade/jpa-era-h2.sql}, with a parked dead
 * letter) is used as it is by the JDBC version: new events take their global index from the old sequence, the look-up
 * tables work, and the dead letter moves to the JDBC queue's table with its instants.
 */
class JpaEraStoreUpgradeTest {

    private static final String[] SETTINGS = {"parley.otp.test-identifiers[ann@jpa.test]=111111", "parley.admins=ann@jpa.test"};

    @Test
    void aStoreHibernateMadeIsUsedAsItIsAndItsDeadLettersMove(@TempDir Path dir) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + dir + "/eventstore", "sa", "");
             Statement sql = db.createStatement()) {
            for (String statement : resource("upgrade/jpa-era-h2.sql").split(";")) {
                if (!statement.isBlank()) {
                    sql.execute(statement);
                }
            }
            sql.execute("""
                    insert into dead_letter_entry (dead_letter_id, processing_group, sequence_identifier, sequence_index,
                        message_type, event_identifier, time_stamp, payload_type, payload, meta_data, type,
                        aggregate_identifier, sequence_number, enqueued_at, last_touched, cause_type, cause_message,
                        diagnostics)
                    values ('letter-1', 'users', 'user-1', 0, 'org.axonframework.eventhandling.GenericDomainEventMessage',
                        'event-1', '2026-11-01T09:59:59.500Z', 'io.parley.api.user.UserEvents$ProfileUpdated',
                        cast('{}' as varbinary), cast('{}' as varbinary), 'User', 'user-1', 3,
                        timestamp with time zone '2026-11-01 10:00:00.123+00', timestamp with time zone '2026-11-01 10:05:00+00',
                        'java.lang.IllegalStateException', 'read store down', cast('{"retries":2}' as varbinary))""");
        }

        String userId;
        try (ConfigurableApplicationContext node = Nodes.start(null, settings(dir))) {
            Api api = Nodes.api(node);
            Api.Response login = login(api);
            userId = login.json().path("user").path("id").asString();
            String token = login.text("token");
            assertThat(api.patch("/api/users/me", token, json("{'name':'Ann'}")).status()).isEqualTo(200);

            JsonNode letters = api.get("/api/admin/dead-letters/users", token).json();
            assertThat(letters.size()).isEqualTo(1);
            assertThat(letters.get(0).path("id").asString()).isEqualTo("letter-1");
            assertThat(letters.get(0).path("aggregateId").asString()).isEqualTo("user-1");
            assertThat(letters.get(0).path("aggregateSeq").asLong()).isEqualTo(3);
            assertThat(letters.get(0).path("enqueuedAt").asString()).isEqualTo("2026-11-01T10:00:00.123Z");
            assertThat(letters.get(0).path("lastTouched").asString()).isEqualTo("2026-11-01T10:05:00Z");
            assertThat(letters.get(0).path("cause").path("message").asString()).isEqualTo("read store down");
            assertThat(letters.get(0).path("retries").asInt()).isEqualTo(2);

            JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("select count(*) from information_schema.tables where table_name = 'DEAD_LETTER_ENTRY'",
                    Integer.class)).as("the old table is gone").isZero();
            assertThat(jdbc.queryForList("select global_index from domain_event_entry order by global_index", Long.class))
                    .as("events numbered by the old sequence, one by one").isNotEmpty()
                    .satisfies(indexes -> assertThat(indexes.get(indexes.size() - 1) - indexes.get(0)).isEqualTo(indexes.size() - 1));
        }
        try (ConfigurableApplicationContext node = Nodes.start(null, settings(dir))) {
            Api api = Nodes.api(node);
            Api.Response again = login(api);
            assertThat(again.json().path("user").path("id").asString()).as("the identifier's owner is looked up").isEqualTo(userId);
            assertThat(api.get("/api/users/me", again.text("token")).json().path("name").asString()).isEqualTo("Ann");
            assertThat(api.get("/api/admin/dead-letters/users", again.text("token")).json().size()).as("moved once").isEqualTo(1);
        }
    }

    private static String[] settings(Path dir) {
        return new String[]{SETTINGS[0], SETTINGS[1], "parley.data-dir=" + dir};
    }

    private static Api.Response login(Api api) {
        Api.Response login = api.post("/api/auth/otp/verify", null, json("{'identifier':'ann@jpa.test','otp':'111111'}"));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return login;
    }

    private static String resource(String name) throws IOException, SQLException {
        try (InputStream in = JpaEraStoreUpgradeTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new SQLException("No test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
