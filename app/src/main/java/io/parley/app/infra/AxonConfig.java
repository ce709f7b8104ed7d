package io.parley.app.infra;

import com.mongodb.client.MongoClient;
import io.parley.api.TargetId;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Axon wiring that the starter does not do by itself. */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /** Commands name their aggregate with shared-api's own {@link TargetId}, keeping shared-api framework-free. */
    @Bean
    CommandTargetResolver parleyCommandTargetResolver() {
        return AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build();
    }

    /**
     * Tracking tokens live in the read store, next to the read models they describe: a wiped or fresh read
     * store has no tokens, so its projections replay the event store from the start.
     */
    @Bean
    TokenStore tokenStore(MongoClient mongo, Serializer serializer,
                          @Value("${parley.mongo.database:parley}") String database) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(mongo, database).build())
                .serializer(serializer)
                .build();
    }

    /**
     * Commands that lost an optimistic-concurrency race (two first messages creating one 1:1 chat, two nodes
     * writing one aggregate) are retried; every other failure is final and reaches the caller at once.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetries) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(commandRetries)
                        .retryInterval(20)
                        .maxRetryCount(10)
                        .nonTransientFailurePredicate(failure -> !causedByConcurrency(failure))
                        .build())
                .build();
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetries() {
        return Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("command-retry"));
    }

    private static boolean causedByConcurrency(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Chats take many commands each; caching loaded chats spares re-reading their event streams on every message.
     * Entries are weakly held, so memory decides how many stay.
     */
    @Bean
    Cache chatCache() {
        return new WeakReferenceCache();
    }

    /** A chat snapshot every {@code parley.chat.snapshot-every} events (default 500). */
    @Bean
    SnapshotTriggerDefinition chatSnapshotTrigger(Snapshotter snapshotter,
                                                  @Value("${parley.chat.snapshot-every:500}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** Millisecond ticks: what events record is exactly what the read store (BSON dates) can keep. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
