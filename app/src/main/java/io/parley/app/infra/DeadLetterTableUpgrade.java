package io.parley.app.infra;

import org.axonframework.common.DateTimeUtils;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * Moves the letters that the JPA versions parked in {@code dead_letter_entry} to {@code dead_letters}, the table of
 * Axon's JDBC queue: the same columns, but the JDBC queue keeps its instants as ISO-8601 text where Hibernate made
 * {@code timestamp with time zone} columns, which no SQL cast formats alike on H2 and PostgreSQL. The rows move in
 * one transaction, then the old table is dropped; a crash in between leaves it empty, and the next start drops it.
 */
final class DeadLetterTableUpgrade {

    private static final List<String> COLUMNS = List.of("dead_letter_id", "processing_group", "sequence_identifier",
            "sequence_index", "message_type", "event_identifier", "time_stamp", "payload_type", "payload_revision",
            "payload", "meta_data", "type", "aggregate_identifier", "sequence_number", "token_type", "token",
            "enqueued_at", "last_touched", "processing_started", "cause_type", "cause_message", "diagnostics");
    private static final Set<String> INSTANTS = Set.of("enqueued_at", "last_touched", "processing_started");

    private final JdbcTemplate jdbc;

    DeadLetterTableUpgrade(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void run() {
        Integer old = jdbc.queryForObject("select count(*) from information_schema.tables"
                + " where lower(table_name) = 'dead_letter_entry' and lower(table_schema) = lower(current_schema)", Integer.class);
        if (old == null || old == 0) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                move(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            return null;
        });
        jdbc.execute("drop table dead_letter_entry");
    }

    private static void move(Connection connection) throws SQLException {
        String columns = String.join(", ", COLUMNS);
        String insert = "insert into dead_letters (" + columns + ") values (" + "?, ".repeat(COLUMNS.size() - 1) + "?)";
        try (PreparedStatement read = connection.prepareStatement("select " + columns + " from dead_letter_entry");
             PreparedStatement write = connection.prepareStatement(insert);
             ResultSet letters = read.executeQuery()) {
            while (letters.next()) {
                for (int i = 0; i < COLUMNS.size(); i++) {
                    write.setObject(i + 1, value(letters, COLUMNS.get(i)));
                }
                write.addBatch();
            }
            write.executeBatch();
        }
        try (PreparedStatement delete = connection.prepareStatement("delete from dead_letter_entry")) {
            delete.executeUpdate();
        }
    }

    private static Object value(ResultSet letter, String column) throws SQLException {
        if (!INSTANTS.contains(column)) {
            return letter.getObject(column);
        }
        OffsetDateTime at = letter.getObject(column, OffsetDateTime.class);
        return at == null ? null : DateTimeUtils.formatInstant(at.toInstant());
    }
}
