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

    /**
     * Not beside the {@code axonserver-api} run's app contexts (there when {@code -Dtest} names this test too): a
     * context still open in that JVM would take the nodes' commands, with look-up tables of its own.
     */
    @Override
    void requireEventStore() {
        Assumptions.assumeFalse(AxonServerTests.ENABLED, "runs in the default test run, not beside the axonserver-api contexts");
        ConditionEvaluationResult server = AxonServerTests.server();
        Assumptions.assumeFalse(server.isDisabled(), () -> server.getReason().orElse("no Axon Server"));
    }
}
