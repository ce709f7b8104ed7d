package io.parley.command.connection;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The pair table on H2: what a unit of work reads once it keeps, until it writes the table itself. */
class ConnectionPairRepositoryTest {

    private static final String ANN_BEN = ConnectionPair.key("ann", "ben");

    private JdbcClient jdbc;
    private ConnectionPairRepository pairs;
    private UnitOfWork<?> unitOfWork;

    @BeforeEach
    void table() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:pairs-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("create table connection_pairs (pair_key varchar(80) not null primary key, "
                + "connection_id varchar(36) not null, accepted boolean default false not null)").update();
        pairs = new ConnectionPairRepository(jdbc);
    }

    @AfterEach
    void endUnitOfWork() {
        if (unitOfWork != null && unitOfWork.isActive()) {
            unitOfWork.commit();
        }
    }

    @Test
    void withoutAUnitOfWorkEveryReadAsksTheTable() {
        assertThat(pairs.accepted(ANN_BEN)).isEmpty();
        insertElsewhere(true);

        assertThat(pairs.accepted(ANN_BEN)).contains(true);
    }

    @Test
    void aUnitOfWorkReadsAPairOnceAndNestedUnitsShareTheAnswer() {
        unitOfWork = DefaultUnitOfWork.startAndGet(null);
        assertThat(pairs.accepted(ANN_BEN)).isEmpty();
        insertElsewhere(true);

        DefaultUnitOfWork<?> nested = DefaultUnitOfWork.startAndGet(null);
        assertThat(pairs.accepted(ANN_BEN)).isEmpty();
        assertThat(pairs.existsById(ANN_BEN)).isFalse();
        nested.commit();
        unitOfWork.commit();

        assertThat(pairs.accepted(ANN_BEN)).contains(true);
    }

    @Test
    void aUnitOfWorkThatWritesThePairTableReadsItAgain() {
        unitOfWork = DefaultUnitOfWork.startAndGet(null);
        assertThat(pairs.accepted(ANN_BEN)).isEmpty();

        pairs.insert(new ConnectionPair("ann", "ben", "c-1"));
        assertThat(pairs.accepted(ANN_BEN)).contains(false);
        pairs.markAccepted(ANN_BEN);
        assertThat(pairs.accepted(ANN_BEN)).contains(true);
        pairs.deleteById(ANN_BEN);
        assertThat(pairs.accepted(ANN_BEN)).isEqualTo(Optional.empty());
    }

    /** A write by another node or transaction, past this repository. */
    private void insertElsewhere(boolean accepted) {
        jdbc.sql("insert into connection_pairs (pair_key, connection_id, accepted) values (?, ?, ?)")
                .params(ANN_BEN, "c-1", accepted).update();
    }
}
