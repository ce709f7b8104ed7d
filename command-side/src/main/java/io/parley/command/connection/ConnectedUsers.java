package io.parley.command.connection;

import org.springframework.stereotype.Component;

/**
 * Who is linked to whom, from the pair table the connection commands keep: what command-side rules ask. Every chat
 * message asks, so this reads the table in no transaction of its own (a repository read in one took 60 % of a STOMP
 * send's handling time in a profile). Inside a transaction (the chat's own check) the query runs on that
 * transaction's connection; no chat command writes the table.
 */
@Component
public class ConnectedUsers {

    private final ConnectionPairRepository pairs;

    ConnectedUsers(ConnectionPairRepository pairs) {
        this.pairs = pairs;
    }

    /** A pending or accepted connection links the two users. */
    public boolean linked(String userA, String userB) {
        return pairs.existsById(ConnectionPair.key(userA, userB));
    }

    /** The two users accepted a connection that neither has removed. */
    public boolean accepted(String userA, String userB) {
        return pairs.accepted(ConnectionPair.key(userA, userB)).orElse(false);
    }
}
