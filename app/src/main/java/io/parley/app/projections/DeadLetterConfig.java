package io.parley.app.projections;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every processing group with {@code axon.eventhandling.processors.<group>.dlq.enabled} gets a sequenced
 * dead-letter queue in the relational store next to the event store (table {@code dead_letters}, shared by all
 * nodes, made by {@code RelationalSchema}). A failing event is parked with its cause and blocks only its own sequence (its aggregate), after
 * {@link RetryingEventHandlers} gave up on it.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfig {

    /** The diagnostics entry counting how often processing a parked event failed again. */
    static final String RETRIES = "retries";

    /** Axon's JDBC queue as its starter builds it, on Parley's table and with Parley's capacity. */
    @Bean
    DeadLetterQueueProviderConfigurerModule deadLetterQueueProvider(
            EventProcessorProperties processors, DeadLetterProperties properties, DeadLetterSchema schema,
            ConnectionProvider connections, TransactionManager transactions, Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer) {
        return new DeadLetterQueueProviderConfigurerModule(processors, group -> config ->
                JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                        .processingGroup(group)
                        .maxSequences(properties.maxSequences())
                        .maxSequenceSize(properties.maxSequenceSize())
                        .connectionProvider(connections)
                        .transactionManager(transactions)
                        .schema(schema)
                        .genericSerializer(serializer)
                        .eventSerializer(eventSerializer)
                        .build());
    }

    /** The columns under the names the JPA versions' table had (Axon's defaults are camel-cased). */
    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letters")
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /**
     * Parked events count their failed retries, and a reset (replay) clears the group's queue: the replay
     * handles every event again, so letters parked before it would only hold back the rebuilt read model. The
     * queue's work runs in the relational store's transactions (the processors themselves have none, see
     * {@code AxonConfig}), and the sequences known to have no letters are cached: otherwise every event handled
     * costs a query asking whether its aggregate has parked letters.
     */
    @Bean
    ConfigurerModule deadLetterPolicy(EventProcessorProperties processors) {
        return configurer -> {
            configurer.eventProcessing().registerDefaultDeadLetterPolicy(config -> countingRetries());
            processors.getProcessors().forEach((group, settings) -> {
                if (settings.getDlq().isEnabled()) {
                    configurer.eventProcessing().registerDeadLetteringEventHandlerInvokerConfiguration(
                            group, (config, invoker) -> invoker.allowReset(true)
                                    .transactionManager(config.getComponent(TransactionManager.class))
                                    .enableSequenceIdentifierCache());
                }
            });
        };
    }

    @Bean
    RetryingEventHandlers retryingEventHandlers(DeadLetterProperties properties) {
        return new RetryingEventHandlers(properties);
    }

    /**
     * A letter parked for the first time already carries its cause and has no count yet; one parked behind it has
     * neither, and is counted from its first failed retry on.
     */
    static EnqueuePolicy<EventMessage<?>> countingRetries() {
        return (letter, cause) -> Decisions.enqueue(ThrowableCause.truncated(cause), failed -> {
            Object previous = failed.diagnostics().get(RETRIES);
            int retries = previous instanceof Number n ? n.intValue() + 1 : failed.cause().isPresent() ? 0 : 1;
            return failed.diagnostics().and(RETRIES, retries);
        });
    }
}
