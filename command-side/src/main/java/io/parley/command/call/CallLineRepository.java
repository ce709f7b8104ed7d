package io.parley.command.call;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Set-based validation table {@code call_lines}: the one call (ringing or active) a user is in, keyed by the user.
 * Written in the same transaction as the command that starts or ends the call, so a user can never be in two calls,
 * whichever node handles them.
 */
@Component
class CallLineRepository {

    private final JdbcClient jdbc;

    CallLineRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The call the user is in. */
    Optional<String> callOf(String userId) {
        return jdbc.sql("select call_id from call_lines where user_id = ?").param(userId).query(String.class).optional();
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the user has a line already */
    void insert(String userId, String callId) {
        jdbc.sql("insert into call_lines (user_id, call_id) values (?, ?)").params(userId, callId).update();
    }

    void delete(String userId, String callId) {
        jdbc.sql("delete from call_lines where user_id = ? and call_id = ?").params(userId, callId).update();
    }

    long countDistinctCalls() {
        return jdbc.sql("select count(distinct call_id) from call_lines").query(Long.class).single();
    }
}
