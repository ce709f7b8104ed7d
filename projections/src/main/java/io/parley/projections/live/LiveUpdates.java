package io.parley.projections.live;

import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.stereotype.Component;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Emits subscription-query updates after a projection has written its read model, computing the update only
 * when someone is subscribed to a matching query (most changes have no live watcher).
 */
@Component
public class LiveUpdates {

    private final QueryUpdateEmitter emitter;

    LiveUpdates(QueryUpdateEmitter emitter) {
        this.emitter = emitter;
    }

    /** Whether any subscription to a query of this type, matching {@code matches}, is open. */
    public <Q> boolean watched(Class<Q> queryType, Predicate<Q> matches) {
        return emitter.activeSubscriptions().stream()
                .map(subscription -> subscription.getPayload())
                .anyMatch(query -> queryType.isInstance(query) && matches.test(queryType.cast(query)));
    }

    public <Q> void emit(Class<Q> queryType, Predicate<Q> matches, Supplier<?> update) {
        if (!watched(queryType, matches)) {
            return;
        }
        Object value = update.get();
        if (value != null) {
            emitter.emit(queryType, matches, value);
        }
    }
}
