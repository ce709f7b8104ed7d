package io.parley.command.connection;

/**
 * Set-based validation table {@code connection_pairs}: the one live (pending or accepted) connection of a pair of
 * users, keyed by the sorted pair, and whether it is accepted. Written and deleted in the same transaction as the
 * command that changes the connection, so rules that depend on it (only connected users chat) never read a stale
 * answer.
 */
record ConnectionPair(String pairKey, String connectionId, boolean accepted) {

    ConnectionPair(String userA, String userB, String connectionId) {
        this(key(userA, userB), connectionId, false);
    }

    static String key(String userA, String userB) {
        return userA.compareTo(userB) < 0 ? userA + "|" + userB : userB + "|" + userA;
    }
}
