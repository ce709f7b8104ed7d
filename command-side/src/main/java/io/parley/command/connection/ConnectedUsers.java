package io.parley.command.connection;

import org.springframework.stereotype.Component;

/** Who is linked to whom, from the pair table the connection commands keep: what command-side rules ask. */
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
        return pairs.findById(ConnectionPair.key(userA, userB)).map(ConnectionPair::accepted).orElse(false);
    }
}
