package io.parley.projections.live;

/**
 * What a live query answers for {@code userId} changed: its subscribers get the answer to {@code updateQuery} (a
 * query of its own, so that any node can compute it from the shared read store) as their next update.
 */
public record LiveChange(Class<?> queryType, String userId, Object updateQuery, Class<?> updateType) {
}
