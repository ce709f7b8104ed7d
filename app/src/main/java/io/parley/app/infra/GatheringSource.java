package io.parley.app.infra;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A processor's event source whose streams, once the processor has caught up, let new events gather for a moment
 * before saying that one is there, so that its next batch holds the events of several commits. A tracking processor
 * wakes for every commit of the chat writer (hundreds a second under load) and pays for each batch: its token's
 * write to the read store, and work per batch such as the notification worker's look-up of chats and presence. For a
 * processor whose read model nobody waits on in a hurry this trades a few milliseconds of its lag for fewer batches.
 * A processor that is behind (a replay, a restart, a burst) reads on at once: it only waits when nothing was there.
 */
final class GatheringSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> source;
    private final Duration gather;

    GatheringSource(StreamableMessageSource<TrackedEventMessage<?>> source, Duration gather) {
        this.source = source;
        this.gather = gather;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new GatheringStream(source.openStream(trackingToken), gather);
    }

    @Override
    public TrackingToken createTailToken() {
        return source.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return source.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return source.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return source.createTokenSince(duration);
    }

    private record GatheringStream(BlockingStream<TrackedEventMessage<?>> stream, Duration gather)
            implements BlockingStream<TrackedEventMessage<?>> {

        /** Waits {@code gather} more after an event that arrived during the wait; at once if one was there. */
        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout <= 0) {
                return stream.hasNextAvailable(timeout, unit);
            }
            if (stream.hasNextAvailable()) {
                return true;
            }
            if (!stream.hasNextAvailable(timeout, unit)) {
                return false;
            }
            TimeUnit.NANOSECONDS.sleep(gather.toNanos());
            return true;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public void close() {
            stream.close();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return stream.setOnAvailableCallback(callback);
        }
    }
}
