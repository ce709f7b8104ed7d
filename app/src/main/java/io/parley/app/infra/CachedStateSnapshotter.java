package io.parley.app.infra;

import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;

/**
 * Snapshots a cached aggregate from the state it has in memory, instead of reading back its events since the last
 * snapshot as Axon's snapshotter does (the chat's snapshotter re-read every message once more: a tenth of a core
 * under load, and most of that was H2 fetching rows).
 * <p>The state is copied where the aggregate was changed, after the unit of work that stored the triggering event
 * committed: every event the aggregate applied is then stored, and nothing else changes it, because the thread still
 * holds the aggregate's lock (released at clean-up, after the handlers registered later, such as the trigger's). The
 * copy (serialised and read back) is stored on the snapshot thread, at the aggregate's version at that moment, which
 * may be past the triggering event when one group of commands touched the chat again. An aggregate that is not
 * cached, or work outside a unit of work, is left to the re-reading snapshotter.
 */
final class CachedStateSnapshotter implements Snapshotter {

    private static final Logger log = LoggerFactory.getLogger(CachedStateSnapshotter.class);

    private final Cache cache;
    private final Snapshotter rereading;
    private final EventStore events;
    private final TransactionManager transactions;
    private final Serializer serializer;
    private final Executor executor;

    CachedStateSnapshotter(Cache cache, Snapshotter rereading, EventStore events, TransactionManager transactions,
                           Serializer serializer, Executor executor) {
        this.cache = cache;
        this.rereading = rereading;
        this.events = events;
        this.transactions = transactions;
        this.serializer = serializer;
        this.executor = executor;
    }

    @Override
    public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            rereading.scheduleSnapshot(aggregateType, aggregateIdentifier);
            return;
        }
        // Axon asks when the triggering unit of work prepares its commit or, for an aggregate created in this process,
        // when it cleans up: after its commit, or after a rollback, which stored nothing to snapshot.
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (root.isRolledBack()) {
            return;
        }
        if (root.phase().isBefore(UnitOfWork.Phase.AFTER_COMMIT)) {
            root.afterCommit(unitOfWork -> snapshot(aggregateType, aggregateIdentifier));
        } else {
            snapshot(aggregateType, aggregateIdentifier);
        }
    }

    private void snapshot(Class<?> aggregateType, String aggregateIdentifier) {
        DomainEventMessage<?> snapshot = copyOfCached(aggregateType, aggregateIdentifier);
        executor.execute(() -> {
            if (snapshot == null) {
                rereading.scheduleSnapshot(aggregateType, aggregateIdentifier);
                return;
            }
            try {
                transactions.executeInTransaction(() -> events.storeSnapshot(snapshot));
            } catch (RuntimeException e) {
                log.warn("Could not store a snapshot of {} {}; the next one will be taken as usual",
                        aggregateType.getSimpleName(), aggregateIdentifier, e);
            }
        });
    }

    /** The cached aggregate's state as a snapshot, or null when it is not cached. */
    private DomainEventMessage<?> copyOfCached(Class<?> aggregateType, String aggregateIdentifier) {
        AggregateCacheEntry<Object> entry = cache.get(aggregateIdentifier);
        if (entry == null) {
            return null;
        }
        // An entry put in this process holds the very aggregate the repository hands out, so nothing is rebuilt here.
        EventSourcedAggregate<Object> aggregate = entry.recreateAggregate(null, null, null, null);
        Object copy = serializer.deserialize(serializer.serialize(aggregate.getAggregateRoot(), byte[].class));
        return new GenericDomainEventMessage<>(aggregate.type(), aggregateIdentifier, aggregate.version(), copy);
    }
}
