package io.parley.command.connection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.List;

/**
 * Who is linked to whom, from the pair table the connection commands keep: what command-side rules ask. Every chat
 * message asks, so this reads the table in no transaction of its own (a repository read in one took 60 % of a STOMP
 * send's handling time in a profile). Inside a transaction (the chat's own check) the query runs on that
 * transaction's connection; no chat command writes the table.
 */
@Component
public class ConnectedUsers {

    private static final String ACCEPTED = "select accepted from connection_pairs where pair_key = ?";

    private final JdbcTemplate jdbc;

    ConnectedUsers(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A pending or accepted connection links the two users. */
    public boolean linked(String userA, String userB) {
        return !pair(userA, userB).isEmpty();
    }

    /** The two users accepted a connection that neither has removed. */
    public boolean accepted(String userA, String userB) {
        return pair(userA, userB).contains(true);
    }

    private List<Boolean> pair(String userA, String userB) {
        return jdbc.queryForList(ACCEPTED, Boolean.class, ConnectionPair.key(userA, userB));
    }
}
