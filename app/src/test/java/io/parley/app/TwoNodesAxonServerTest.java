package io.parley.app;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/**
 * {@link TwoNodes} on the {@code axonserver} profile: Axon Server (found or started as {@link AxonServerTests} says)
 * is their event store and routes commands and queries between them; the look-up tables stay in PostgreSQL.
 */
class TwoNodesAxonServerTest extends TwoNodes {

    @Override
    String profiles() {
        return "axonserver,postgres";
    }

    @Override
    void requireEventStore() {
        ConditionEvaluationResult server = AxonServerTests.server();
        Assumptions.assumeFalse(server.isDisabled(), () -> server.getReason().orElse("no Axon Server"));
    }
}
