package io.parley.app.infra;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An event storage engine whose non-blocking streams end after a bounded number of events, so that an event processor
 * reading on its own can go back to the embedded event store's shared cache.
 * <p>
 * Axon's embedded event store reads the newest events once, into a cache of the last 10,000, and the processors
 * that keep up take them from there. A processor behind that cache (after a burst, a restart, a replay) reads with a
 * private stream of its own, and only tries the cache again when that stream ends. A stream of the relational store
 * ends only at a read that finds nothing, so while commits kept coming a few milliseconds apart it never ended: the
 * processor stayed on its own stream for good, querying the store and deserializing every event itself (the
 * {@code notifications} processor did so throughout the chat benchmark). Here such a stream ends after
 * {@code events} events; the event store then looks the processor's position up in the cache and, if it is not
 * there yet, opens a new stream where the last one ended. Blocking streams (the cache's own) are unchanged.
 */
final class RejoiningStorageEngine implements EventStorageEngine {

    private final EventStorageEngine delegate;
    private final int events;

    RejoiningStorageEngine(EventStorageEngine delegate, int events) {
        this.delegate = delegate;
        this.events = events;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> stream = delegate.readEvents(trackingToken, mayBlock);
        return mayBlock ? stream : stream.limit(events);
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
