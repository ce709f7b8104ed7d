package io.parley.app.infra;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * The relational store through plain JDBC (no JPA): Axon's JDBC event storage engine on the tables of
 * {@link RelationalSchema}, and Axon's units of work joined to Spring's transactions on the same {@link DataSource}, so
 * a command's events and its look-up table writes commit together. Axon 4.13's starter orders its own versions of
 * these beans after auto-configurations it names by their Spring Boot 3 names, which Boot 4 renamed: evaluated too
 * early, they found no data source and no transaction manager, which left no event store and Axon's no-op
 * transaction manager (seen in the condition report).
 */
@Configuration(proxyBeanMethods = false)
class JdbcStoreConfig {

    /**
     * How many recent events the embedded event store caches for the processors that keep up (Axon's default is
     * 10,000): 0.4 s of the chat benchmark's 5,000 messages a second. A cached event stays alive as long as the cache
     * holds it, so with the cache's dropped events cut loose ({@link TrimmedCacheLinks}) the cache's length is what
     * young collections copy: 10,000 events (2 s at that rate) outlived two collections and were promoted.
     */
    private static final int CACHED_EVENTS = 2_000;

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    /** The connection of the current unit of work's transaction. */
    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * Tells a lost append race (another unit of work stored the aggregate's next sequence number first) by SQL state
     * 23505, a unique key violation on H2 and PostgreSQL alike, anywhere in the failure's causes (a batch's failure
     * carries the failed statement's as its next exception).
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return JdbcStoreConfig::isDuplicateKey;
    }

    static boolean isDuplicateKey(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            for (SQLException sql = cause instanceof SQLException s ? s : null; sql != null; sql = sql.getNextException()) {
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The embedded and {@code postgres} event store; with Axon Server, the server stores the events. On H2 the global
     * indexes come from {@link H2GlobalIndexes}. A processor reading on its own stream goes back to the embedded event
     * store's cache once it reaches the events there ({@link RejoiningStorageEngine}).
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    RejoiningStorageEngine eventStorageEngine(Serializer serializer, @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration, ConnectionProvider connections,
                                          TransactionManager transactions, PersistenceExceptionResolver exceptions,
                                          EventSchema schema, DataSource dataSource) {
        JdbcEventStorageEngine.Builder engine = JdbcEventStorageEngine.builder();
        if (RelationalSchema.isH2(dataSource)) {
            engine.appendEvents(new H2GlobalIndexes());
        }
        JdbcEventStorageEngine built = engine
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptions)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connections)
                .transactionManager(transactions)
                .schema(schema)
                .build();
        return new RejoiningStorageEngine(built, CACHED_EVENTS);
    }

    /**
     * The embedded event store, as Axon's starter makes it (its meters and spans) but for the cache's length; events
     * it drops from its cache are cut loose by the engine it reads ({@link RejoiningStorageEngine#cache}).
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    EmbeddedEventStore eventStore(RejoiningStorageEngine engine, org.axonframework.config.Configuration configuration) {
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(engine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .cachedEvents(CACHED_EVENTS)
                .build();
        engine.cache(store);
        return store;
    }
}
