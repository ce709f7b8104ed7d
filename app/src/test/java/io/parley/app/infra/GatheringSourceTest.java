package io.parley.app.infra;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Over Axon's embedded event store, as the processors read it. */
class GatheringSourceTest {

    private final EmbeddedEventStore events = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();

    @AfterEach
    void shutDown() {
        events.shutDown();
    }

    @Test
    void aStreamThatCaughtUpLetsTheEventsOfLaterCommitsJoinTheFirstNewOne() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = gathering(Duration.ofMillis(600))) {
            CompletableFuture<Void> commits = CompletableFuture.runAsync(() -> {
                pause(100);
                events.publish(GenericEventMessage.asEventMessage("first"));
                pause(200);
                events.publish(GenericEventMessage.asEventMessage("second"));
            });

            assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("first");
            // the processor takes what else is there at once, without waiting: the second commit is part of the batch
            assertThat(stream.hasNextAvailable()).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("second");
            commits.join();
        }
    }

    @Test
    void aStreamWithEventsWaitingReadsThemAtOnce() throws Exception {
        events.publish(GenericEventMessage.asEventMessage("waiting"));
        try (BlockingStream<TrackedEventMessage<?>> stream = gathering(Duration.ofSeconds(30))) {
            CompletableFuture<Boolean> available = CompletableFuture.supplyAsync(() -> hasNext(stream));

            assertThat(available.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stream.nextAvailable().getPayload()).isEqualTo("waiting");
        }
    }

    @Test
    void nothingNewIsNothingAfterTheTimeout() throws Exception {
        try (BlockingStream<TrackedEventMessage<?>> stream = gathering(Duration.ofSeconds(30))) {
            assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(stream.hasNextAvailable()).isFalse();
        }
    }

    /** A stream from the start, as a processor without a token opens it. */
    private BlockingStream<TrackedEventMessage<?>> gathering(Duration gather) {
        return new GatheringSource(events, gather).openStream(null);
    }

    private static boolean hasNext(BlockingStream<TrackedEventMessage<?>> stream) {
        try {
            return stream.hasNextAvailable(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
