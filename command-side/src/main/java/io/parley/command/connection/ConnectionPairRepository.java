package io.parley.command.connection;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code connection_pairs} table, in the caller's transaction (a plain component: JDBC's errors are translated
 * already, and {@code @Repository} would put a translating proxy in front of every chat message's pair check).
 * Within a unit of work a pair is read once and its answer kept until the unit ends or writes the table: a group of
 * chat commands (one transaction) then reads each pair once, not once per message.
 */
@Component
class ConnectionPairRepository {

    private static final String READ = ConnectionPairRepository.class.getName() + ".read";

    private final JdbcClient jdbc;

    ConnectionPairRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean existsById(String pairKey) {
        return accepted(pairKey).isPresent();
    }

    /** Whether the pair's live connection is accepted; empty when the pair has none. */
    Optional<Boolean> accepted(String pairKey) {
        if (!CurrentUnitOfWork.isStarted()) {
            return read(pairKey);
        }
        Map<String, Optional<Boolean>> read = CurrentUnitOfWork.get().root().getOrComputeResource(READ, name -> new HashMap<>());
        return read.computeIfAbsent(pairKey, this::read);
    }

    private Optional<Boolean> read(String pairKey) {
        return jdbc.sql("select accepted from connection_pairs where pair_key = ?").param(pairKey)
                .query(Boolean.class).optional();
    }

    /** What this unit of work read is read again after it writes. */
    private static void written() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.root().resources().remove(READ));
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the pair has a live connection already */
    void insert(ConnectionPair pair) {
        jdbc.sql("insert into connection_pairs (pair_key, connection_id, accepted) values (?, ?, ?)")
                .params(pair.pairKey(), pair.connectionId(), pair.accepted()).update();
        written();
    }

    void markAccepted(String pairKey) {
        jdbc.sql("update connection_pairs set accepted = true where pair_key = ?").param(pairKey).update();
        written();
    }

    void deleteById(String pairKey) {
        jdbc.sql("delete from connection_pairs where pair_key = ?").param(pairKey).update();
        written();
    }

    List<ConnectionPair> findByAcceptedFalse() {
        return jdbc.sql("select pair_key, connection_id, accepted from connection_pairs where accepted = false")
                .query(ConnectionPair.class).list();
    }
}
