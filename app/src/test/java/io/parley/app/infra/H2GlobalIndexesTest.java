package io.parley.app.infra;

import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded event store's global indexes, handed out by the storage engine on an H2 file of the real schema. */
class H2GlobalIndexesTest {

    @TempDir
    Path dir;

    @Test
    void indexesFollowOneAnotherAcrossRestartsAndConcurrentAppendsAndProcessorsReadThemInOrder() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("eventstore") + ";WRITE_DELAY=0");
        new RelationalSchema().relationalSchemaReady(h2).afterPropertiesSet();
        JdbcTemplate jdbc = new JdbcTemplate(h2);
        jdbc.execute("insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,"
                + " time_stamp, payload_type, payload, meta_data) values ('old', 'chat-0', 0, 'Chat', '2026-11-01T10:00:00Z', 'java.lang.String',"
                + " cast('\"written through the sequence\"' as varbinary), cast('{}' as varbinary))");
        long old = jdbc.queryForObject("select global_index from domain_event_entry", Long.class);

        JdbcEventStorageEngine first = engine(h2);
        EventMessage<Object> notAnAggregates = GenericEventMessage.asEventMessage("not an aggregate's");
        first.appendEvents(List.of(event("chat-1", 0), event("chat-1", 1), notAnAggregates));
        JdbcEventStorageEngine restarted = engine(h2);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> appends = IntStream.range(0, 40).<Future<?>>mapToObj(i -> writers.submit(
                () -> restarted.appendEvents(List.of(event("chat-" + (i + 2), 0), event("chat-" + (i + 2), 1))))).toList();
        for (Future<?> append : appends) {
            append.get();
        }
        writers.shutdown();

        List<Long> indexes = jdbc.queryForList("select global_index from domain_event_entry order by global_index", Long.class);
        assertThat(indexes).as("after the sequence's last, each index once, none skipped by the restart")
                .containsExactlyElementsOf(IntStream.rangeClosed(0, 83).mapToObj(i -> old + i).toList());
        assertThat(jdbc.queryForObject("select aggregate_identifier from domain_event_entry where global_index = ?", String.class, old + 3))
                .as("an event that is not an aggregate's is stored as its own").isEqualTo(notAnAggregates.getIdentifier());
        List<Long> read = restarted.readEvents(null, false).map(TrackedEventMessage.class::cast)
                .map(event -> event.trackingToken().position().orElseThrow()).toList();
        assertThat(read).containsExactlyElementsOf(indexes);
        assertThat(restarted.readEvents("chat-1").asStream().map(DomainEventMessage::getSequenceNumber).toList()).containsExactly(0L, 1L);
    }

    private static JdbcEventStorageEngine engine(JdbcDataSource h2) {
        return engineOn(h2).build();
    }

    /** Axon's JDBC engine on an H2 database of the real schema, its global indexes from {@link H2GlobalIndexes}. */
    static JdbcEventStorageEngine.Builder engineOn(JdbcDataSource h2) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(h2))
                .transactionManager(NoTransactionManager.INSTANCE)
                .snapshotSerializer(JacksonSerializer.defaultSerializer())
                .eventSerializer(JacksonSerializer.defaultSerializer())
                .schema(new RelationalSchema().eventSchema())
                .appendEvents(new H2GlobalIndexes());
    }

    private static GenericDomainEventMessage<String> event(String chatId, long sequence) {
        return new GenericDomainEventMessage<>("Chat", chatId, sequence, "message " + sequence + " of " + chatId);
    }
}
