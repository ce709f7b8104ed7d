package io.parley.projections.live;

/**
 * Carries live changes to every node, where {@link LiveUpdates#apply} hands them to that node's subscriptions.
 * Without one (the embedded default, one node by construction) changes are applied here.
 */
public interface LiveChangeFanOut {
    void announce(LiveChange change);
}
