package io.parley.app;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TwoNodes} on the {@code postgres} profile: PostgreSQL is their event store too. */
class TwoNodesPostgresTest extends TwoNodes {

    @Override
    String profiles() {
        return "postgres";
    }

    @Override
    void requireEventStore() {
        // PostgreSQL, which the look-up tables need anyway.
    }

    @Override
    List<String> storedEventPayloads() throws SQLException {
        List<String> payloads = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(databaseUrl(), pgUser(), "")) {
            ResultSet rows = db.createStatement().executeQuery("select payload from domain_event_entry");
            while (rows.next()) {
                payloads.add(new String(rows.getBytes(1), StandardCharsets.UTF_8));
            }
        }
        return payloads;
    }

    @Test
    void everyAppendTakesOneGlobalIndexInAppendOrder() throws Exception {
        try (Connection db = DriverManager.getConnection(databaseUrl(), pgUser(), "")) {
            var increment = db.createStatement().executeQuery(
                    "select increment_by from pg_sequences where sequencename = 'domain_event_entry_seq'");
            assertThat(increment.next()).isTrue();
            assertThat(increment.getLong(1)).as("one global index per appended event, in append order").isEqualTo(1);
        }
    }
}
