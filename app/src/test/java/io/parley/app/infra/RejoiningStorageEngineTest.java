package io.parley.app.infra;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A reader that fell behind the embedded event store's cache while events keep coming: with its private streams ending
 * after a bounded number of events, it takes the events from the shared cache again once it is near enough, and
 * reads every event in order on the way. On the real schema in an H2 file, with Axon's JDBC engine fetching 10 events
 * at a time, a cache of 50 events and private streams of 100: the late reader stays 40 events behind the newest, so
 * every fetch of its own finds more and only the bound ends its stream.
 */
class RejoiningStorageEngineTest {

    @TempDir
    Path dir;

    private EmbeddedEventStore store;
    private long appended;

    @AfterEach
    void shutDown() {
        if (store != null) {
            store.shutDown();
        }
    }

    @Test
    void aReaderBehindTheCacheReadsFromItAgainOnceNearEnoughWhileEventsKeepComing() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("eventstore") + ";WRITE_DELAY=0");
        new RelationalSchema().relationalSchemaReady(h2).afterPropertiesSet();
        JdbcEventStorageEngine jdbc = H2GlobalIndexesTest.engineOn(h2).batchSize(10).build();
        store = EmbeddedEventStore.builder().storageEngine(new RejoiningStorageEngine(jdbc, 100)).cachedEvents(50).build();

        publish(100);
        TrackingEventStream first = store.openStream(null);
        List<TrackedEventMessage<?>> old = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            old.add(first.nextAvailable());
        }
        assertThat(first.hasNextAvailable(50, TimeUnit.MILLISECONDS)).as("the first reader reached the end").isFalse();
        Map<Long, TrackedEventMessage<?>> cached = new HashMap<>();
        publish(30);
        for (int i = 0; i < 30; i++) {
            TrackedEventMessage<?> event = first.nextAvailable();
            cached.put(position(event), event);
        }

        TrackingEventStream late = store.openStream(old.get(89).trackingToken());
        long expected = position(old.get(90));
        for (int round = 0; round < 300; round++) {
            publish(1);
            TrackedEventMessage<?> newest = first.nextAvailable();
            cached.put(position(newest), newest);
            TrackedEventMessage<?> read = late.nextAvailable();
            assertThat(position(read)).as("every event once, in order").isEqualTo(expected++);
            assertThat(position(newest) - position(read)).as("40 behind the newest, inside the cache").isEqualTo(40);
            if (read == cached.get(position(read))) {
                return;
            }
        }
        fail("the late reader kept reading on its own");
    }

    private void publish(int count) {
        store.publish(IntStream.range(0, count).<EventMessage<?>>mapToObj(i -> new GenericDomainEventMessage<>(
                "Chat", "chat-1", appended, "message " + appended++)).toList());
    }

    private static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }
}
