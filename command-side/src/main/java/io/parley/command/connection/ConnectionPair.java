package io.parley.command.connection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnDefault;

/**
 * Set-based validation table: the one live (pending or accepted) connection of a pair of users, keyed by the
 * sorted pair, and whether it is accepted. Written and deleted in the same transaction as the command that
 * changes the connection, so rules that depend on it (only connected users chat) never read a stale answer.
 */
@Entity
@Table(name = "connection_pairs")
class ConnectionPair {

    @Id
    @Column(length = 80)
    private String pairKey;
    @Column(nullable = false, length = 36)
    private String connectionId;
    @Column(nullable = false)
    @ColumnDefault("false")
    private boolean accepted;

    protected ConnectionPair() {
    }

    ConnectionPair(String userA, String userB, String connectionId) {
        this.pairKey = key(userA, userB);
        this.connectionId = connectionId;
    }

    void accept() {
        accepted = true;
    }

    boolean accepted() {
        return accepted;
    }

    String connectionId() {
        return connectionId;
    }

    static String key(String userA, String userB) {
        return userA.compareTo(userB) < 0 ? userA + "|" + userB : userB + "|" + userA;
    }
}
