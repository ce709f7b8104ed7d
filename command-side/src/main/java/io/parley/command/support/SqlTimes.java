package io.parley.command.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants in the relational tables' {@code timestamp with time zone} columns, written and read as UTC offsets: the
 * type JDBC maps those columns to on H2 and PostgreSQL alike.
 */
public final class SqlTimes {

    private SqlTimes() {
    }

    /** The parameter to write; null stays null. */
    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** The column's instant, or null. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
