package io.parley.app.infra;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Readers that fell behind the embedded event store's cache, and the events the cache dropped, on the real schema in
 * an H2 file, with Axon's JDBC engine fetching 10 events at a time and a cache of 100 events.
 */
class RejoiningStorageEngineTest {

    @TempDir
    Path dir;

    private EmbeddedEventStore store;
    private long appended;
    /** The position of the store's first event. */
    private long firstPosition;
    /** The store's producer and cleaner: they end after {@code shutDown} returns, the producer maybe mid-fetch. */
    private final List<Thread> storeThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutDown() throws InterruptedException {
        if (store != null) {
            store.shutDown();
            // A fetch still under way would write to the H2 file while the temporary directory is deleted.
            for (Thread thread : storeThreads) {
                thread.join(10_000);
            }
        }
    }

    /**
     * A reader 40 events behind the newest while events keep coming: every fetch of its own finds more, so only
     * reaching the cached events ends its stream. It reads every event once, in order, and then the very instances
     * the cache hands the other reader.
     */
    @Test
    void aReaderBehindTheCacheReadsFromItOnceItReachesTheCachedEventsWhileEventsKeepComing() throws Exception {
        TrackingEventStream first = storeWithAReaderAtTheEnd(100);
        Map<Long, TrackedEventMessage<?>> cached = new HashMap<>();
        publish(30);
        for (int i = 0; i < 30; i++) {
            TrackedEventMessage<?> event = first.nextAvailable();
            cached.put(position(event), event);
        }

        TrackingEventStream late = store.openStream(GapAwareTrackingToken.newInstance(firstPosition + 89, Set.of()));
        long expected = firstPosition + 90;
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

    /**
     * While the cache holds nothing (no event since the other reader caught up), a reader far behind reads on to the
     * end on its own. (As Axon's code reads, a stream ended early here would leave it waiting for new events; a
     * version ending streams after a fixed count passed this test too, so it shows the behaviour, not that case.)
     */
    @Test
    void aReaderFarBehindReadsToTheEndWhileTheCacheIsEmpty() throws Exception {
        storeWithAReaderAtTheEnd(300);

        TrackingEventStream late = store.openStream(null);
        for (int i = 0; i < 300; i++) {
            assertThat(late.hasNextAvailable(2, TimeUnit.SECONDS)).as("event %d of 300", i + 1).isTrue();
            assertThat(position(late.nextAvailable())).isEqualTo(firstPosition + i);
        }
        assertThat(late.hasNextAvailable(50, TimeUnit.MILLISECONDS)).isFalse();
    }

    /**
     * Events the cache dropped are cut loose from the events after them: a dropped node held from outside (as a young
     * collection holds every object of the old generation) keeps only itself alive, not every event read after it.
     * Without the cut, the held node reaches all of them through the list.
     */
    @Test
    void eventsDroppedFromTheCacheDoNotKeepTheEventsAfterThemAlive() throws Exception {
        TrackingEventStream reader = storeWithAReaderAtTheEnd(10);
        publish(10);
        for (int i = 0; i < 10; i++) {
            reader.nextAvailable();
        }
        Object held = oldestNode();
        assertThat(held).isNotNull();
        publish(300);
        List<WeakReference<TrackedEventMessage<?>>> dropped = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            TrackedEventMessage<?> event = reader.nextAvailable();
            if (i < 100) {
                dropped.add(new WeakReference<>(event));
            }
        }
        for (int i = 0; i < 50 && dropped.stream().anyMatch(event -> event.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(dropped.stream().filter(event -> event.get() != null).count())
                .as("events of 100 dropped from the cache after the held one, still alive").isZero();
        Reference.reachabilityFence(held);
    }

    private Object oldestNode() throws ReflectiveOperationException {
        Field oldest = EmbeddedEventStore.class.getDeclaredField("oldest");
        oldest.setAccessible(true);
        return oldest.get(store);
    }

    /** A store with {@code events} events and a reader that read them all, so the cache's stream runs. */
    private TrackingEventStream storeWithAReaderAtTheEnd(int events) throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("eventstore") + ";WRITE_DELAY=0");
        new RelationalSchema().relationalSchemaReady(h2).afterPropertiesSet();
        JdbcEventStorageEngine jdbc = H2GlobalIndexesTest.engineOn(h2).batchSize(10).build();
        RejoiningStorageEngine engine = new RejoiningStorageEngine(jdbc, 100);
        store = EmbeddedEventStore.builder().storageEngine(engine).cachedEvents(100)
                .threadFactory(work -> {
                    Thread thread = new Thread(work, "test-event-store");
                    storeThreads.add(thread);
                    return thread;
                }).build();
        engine.cache(store);
        publish(events);
        TrackingEventStream first = store.openStream(null);
        for (int i = 0; i < events; i++) {
            TrackedEventMessage<?> event = first.nextAvailable();
            if (i == 0) {
                firstPosition = position(event);
            }
        }
        assertThat(first.hasNextAvailable(50, TimeUnit.MILLISECONDS)).as("the first reader reached the end").isFalse();
        return first;
    }

    private void publish(int count) {
        store.publish(IntStream.range(0, count).<EventMessage<?>>mapToObj(i -> new GenericDomainEventMessage<>(
                "Chat", "chat-1", appended, "message " + appended++)).toList());
    }

    private static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }
}
