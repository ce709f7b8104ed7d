package io.parley.app.infra;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * An event storage engine whose non-blocking streams end once they reach events the embedded event store's cache
 * holds, so that an event processor reading on its own goes back to the shared cache.
 * <p>
 * Axon's embedded event store reads the newest events once, on a blocking stream, into a cache of the last
 * {@code cachedEvents}, and the processors that keep up take them from there. A processor behind that cache (after a
 * burst, a restart, a replay) reads on a non-blocking stream of its own, and only tries the cache again when that
 * stream ends. A stream of the relational store ends only at a read that finds nothing, so while commits kept coming
 * a few milliseconds apart it never ended: the processor stayed on its own stream for good, querying the store and
 * deserializing every event itself (the {@code notifications} processor did so throughout the chat benchmark).
 * <p>
 * This engine watches the positions the cache's blocking stream delivers, and ends a non-blocking stream after an
 * event in the newer half of them (the older half may be trimmed before the processor asks), once the stream read at
 * least {@link #MIN_STREAM_EVENTS}: the event store then finds that event in its cache and the processor reads on
 * from there. A stream never ends early while the cache holds nothing: as Axon's code reads, the event store would
 * then wait for new events instead of reading on.
 * <p>
 * On the cache's stream it also cuts the events the store dropped from its cache loose ({@link TrimmedCacheLinks}).
 */
final class RejoiningStorageEngine implements EventStorageEngine {

    /**
     * Events a processor's stream reads at least before it ends: the cache may hold a position under a token the
     * processor's stream saw differently (a gap one read saw and the other did not), and going back to the cache then
     * fails; so that costs a new stream per this many events, not per event.
     */
    static final int MIN_STREAM_EVENTS = 100;

    private final EventStorageEngine delegate;
    private final int cachedEvents;
    /** The first and the latest position the cache's stream delivered; -1 before it delivered any. */
    private volatile long cachedFrom = -1;
    private volatile long cachedTo = -1;
    private volatile TrimmedCacheLinks trimmedLinks;

    RejoiningStorageEngine(EventStorageEngine delegate, int cachedEvents) {
        this.delegate = delegate;
        this.cachedEvents = cachedEvents;
    }

    /** The embedded event store whose cache this engine fills: its dropped events are cut loose as it reads on. */
    void cache(EmbeddedEventStore store) {
        trimmedLinks = new TrimmedCacheLinks(store);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> stream = delegate.readEvents(trackingToken, mayBlock);
        if (mayBlock) {
            return stream.peek(this::cached);
        }
        return stream.takeWhile(new Predicate<TrackedEventMessage<?>>() {
            private int read;
            private boolean cachedBefore;

            @Override
            public boolean test(TrackedEventMessage<?> event) {
                if (cachedBefore) {
                    return false;
                }
                cachedBefore = ++read >= MIN_STREAM_EVENTS && inCache(event);
                return true;
            }
        });
    }

    private void cached(TrackedEventMessage<?> event) {
        TrimmedCacheLinks links = trimmedLinks;
        if (links != null) {
            links.cut();
        }
        OptionalLong position = event.trackingToken().position();
        if (position.isPresent()) {
            if (cachedFrom < 0) {
                cachedFrom = position.getAsLong();
            }
            cachedTo = position.getAsLong();
        }
    }

    private boolean inCache(TrackedEventMessage<?> event) {
        OptionalLong position = event.trackingToken().position();
        long to = cachedTo;
        return position.isPresent() && to >= 0 && position.getAsLong() <= to
                && position.getAsLong() >= Math.max(cachedFrom, to - cachedEvents / 2);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        delegate.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return delegate.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
