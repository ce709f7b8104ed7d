package io.parley.command.connection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;

/** The {@code connection_pairs} table, in the caller's transaction. */
@Repository
class ConnectionPairRepository {

    private final JdbcClient jdbc;

    ConnectionPairRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean existsById(String pairKey) {
        return jdbc.sql("select count(*) from connection_pairs where pair_key = ?").param(pairKey)
                .query(Long.class).single() > 0;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the pair has a live connection already */
    void insert(ConnectionPair pair) {
        jdbc.sql("insert into connection_pairs (pair_key, connection_id, accepted) values (?, ?, ?)")
                .params(pair.pairKey(), pair.connectionId(), pair.accepted()).update();
    }

    void markAccepted(String pairKey) {
        jdbc.sql("update connection_pairs set accepted = true where pair_key = ?").param(pairKey).update();
    }

    void deleteById(String pairKey) {
        jdbc.sql("delete from connection_pairs where pair_key = ?").param(pairKey).update();
    }

    List<ConnectionPair> findByAcceptedFalse() {
        return jdbc.sql("select pair_key, connection_id, accepted from connection_pairs where accepted = false")
                .query(ConnectionPair.class).list();
    }
}
