package io.parley.projections.live;

import io.parley.api.LiveQuery;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.function.Predicate;

/**
 * Subscription-query updates after a projection has written its read model. A projection announces what changed
 * ({@link #changed}); every node holding a matching subscription computes the update from the read store and emits
 * it, and a node holding none computes nothing (most changes have no live watcher). The subscriptions a node holds
 * are those whose query it handled: on one node or with a local query bus, its clients'; on Axon Server, any node's
 * clients' that Axon Server sent it. So a change projected on one node reaches subscribers on every node once the
 * {@link LiveChangeFanOut} carries it there.
 */
@Component
public class LiveUpdates {

    private final QueryUpdateEmitter emitter;
    private final QueryGateway queries;
    private final ObjectProvider<LiveChangeFanOut> fanOut;

    public LiveUpdates(QueryUpdateEmitter emitter, QueryGateway queries, ObjectProvider<LiveChangeFanOut> fanOut) {
        this.emitter = emitter;
        this.queries = queries;
        this.fanOut = fanOut;
    }

    /** Subscribers to {@code queryType} for {@code userId}, on any node, get the answer to {@code updateQuery}. */
    public void changed(Class<? extends LiveQuery> queryType, String userId, Object updateQuery, Class<?> updateType) {
        LiveChange change = new LiveChange(queryType, userId, updateQuery, updateType);
        LiveChangeFanOut nodes = fanOut.getIfAvailable();
        if (nodes == null) {
            apply(change);
        } else {
            nodes.announce(change);
        }
    }

    /**
     * Whether this node holds a subscription to {@code queryType}: one check per batch, so a projection computes and
     * emits {@link #answer}s only while someone waits for them.
     */
    public boolean awaited(Class<?> queryType) {
        return holds(queryType::isInstance);
    }

    private boolean holds(Predicate<Object> matches) {
        return emitter.activeSubscriptions().stream().anyMatch(subscription -> matches.test(subscription.getPayload()));
    }

    /**
     * Answers this node's subscriptions to {@code queryType} that {@code matches}, once the projection's unit of work
     * commits. Not a live query's update: it answers a command's caller waiting to read what it wrote (the command
     * side's {@code ReadModel}), so nothing crosses nodes; a wait subscribed on another node asks the store again.
     */
    public <Q> void answer(Class<Q> queryType, Predicate<? super Q> matches, Object update) {
        emitter.emit(queryType, matches, update);
    }

    /** Emits the change to this node's matching subscriptions, if it holds any. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void apply(LiveChange change) {
        Predicate<Object> matches = query -> change.queryType().isInstance(query)
                && change.userId().equals(((LiveQuery) query).userId());
        if (!holds(matches)) {
            return;
        }
        Object update = queries.query(change.updateQuery(), ResponseTypes.instanceOf(change.updateType())).join();
        if (update != null) {
            emitter.emit((Class) change.queryType(), (Predicate) matches, update);
        }
    }
}
