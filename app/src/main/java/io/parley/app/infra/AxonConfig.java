package io.parley.app.infra;

import io.parley.api.TargetId;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingModule;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Axon wiring that the starter does not do by itself. */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * Commands name their aggregate with shared-api's own {@link TargetId}, keeping shared-api framework-free; the
     * same resolver is the command bus's routing strategy (one node per aggregate on Axon Server).
     */
    @Bean
    TargetIdResolver parleyCommandTargetResolver() {
        return new TargetIdResolver();
    }

    /**
     * Tracking tokens live in the read store, next to the read models they describe: a wiped or fresh read
     * store has no tokens, so its projections replay the event store from the start. The database is the read
     * models' own (the one named in {@code MONGODB_URI}). Each process claims segments under its own node id
     * (Axon's default, {@code pid@host}), so two nodes never share a claim; a crashed node's claims lapse after
     * the claim timeout (Axon's property {@code axon.eventhandling.tokenstore.claim-timeout}, 10 s) and another node,
     * or the restarted one, takes them over. A claim this node wrote a moment ago is not extended again before each
     * batch ({@link FreshClaims}).
     */
    @Bean
    TokenStore tokenStore(MongoDatabaseFactory mongo, Serializer serializer,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return new FreshClaims(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(mongo.getMongoDatabase()).build())
                .serializer(serializer)
                .claimTimeout(claimTimeout)
                .build(), claimTimeout);
    }

    /**
     * Axon's event processing as the starter would configure it, except that each tracking processor asks its
     * handlers about an event's type once ({@link HandledTypes}), and the processors named in
     * {@code parley.projections.gathering} let new events gather for {@code gather-for} once caught up
     * ({@link GatheringSource}).
     */
    @Bean
    EventProcessingModule eventProcessingModule(
            @Value("${parley.projections.gathering:media,notifications}") Set<String> gathering,
            @Value("${parley.projections.gather-for:20ms}") Duration gatherFor) {
        boolean gather = !gatherFor.isZero() && !gatherFor.isNegative();
        return new EventProcessingModule() {
            @Override
            protected EventProcessor trackingEventProcessor(String name, EventHandlerInvoker eventHandlerInvoker,
                                                            TrackingEventProcessorConfiguration config,
                                                            StreamableMessageSource<TrackedEventMessage<?>> source) {
                return super.trackingEventProcessor(name, new HandledTypes(eventHandlerInvoker), config,
                        gather && gathering.contains(name) ? new GatheringSource(source, gatherFor) : source);
            }
        };
    }

    /**
     * Projections run without a database transaction: they write only the read store, which has none, and their
     * tokens live there too. Given a transaction, Axon stores a batch's token <em>before</em> handling it (assuming
     * token and read models commit together), so a crash between the two lost the batch's read-model writes for
     * good: after {@code kill -9}, about one restart in four showed a message missing from history while the
     * processor reported no lag. Without one, the token is stored after the handlers, and a crash only repeats
     * them (every projection write is an idempotent upsert or {@code $set}). The dead-letter queues run their own
     * transactions.
     */
    @Bean
    ConfigurerModule projectionsStoreTokensAfterHandling() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultTransactionManager(configuration -> NoTransactionManager.instance());
    }

    /**
     * Commands that lost an optimistic-concurrency race (two first messages creating one 1:1 chat, two nodes
     * appending to one aggregate) are retried, on a fresh load (a cached aggregate is evicted when its unit of work
     * rolls back); every other failure is final and reaches the caller at once. The race is decided here, not by
     * the scheduler's non-transient predicate: that one is tested on every cause too, and the store's own cause of
     * a lost race (a duplicate-key error) would count as non-transient. A command stored in a group (a unit of work
     * is still running when it fails) is not retried by itself: the group fails and each of its commands is sent
     * alone, retries included. Callers get a handler's domain error as thrown, also from another node
     * ({@link DomainErrorGateway}).
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetries) {
        RetryScheduler interval = IntervalRetryScheduler.builder()
                .retryExecutor(commandRetries)
                .retryInterval(20)
                .maxRetryCount(10)
                .nonTransientFailurePredicate(failure -> false)
                .build();
        return new DomainErrorGateway(DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler((command, failure, failures, dispatch) ->
                        !CurrentUnitOfWork.isStarted() && lostRace(failure)
                                && interval.scheduleRetry(command, failure, failures, dispatch))
                .build());
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetries() {
        return Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("command-retry"));
    }

    private static boolean lostRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Chats take many commands each; caching loaded chats spares re-reading their event streams on every message.
     * The {@code parley.chat.cache-size} (default 1,000) most recently used chats stay; a chat is a few kilobytes
     * plus its idempotency window (up to 1,000 recent clientMessageIds).
     */
    @Bean
    Cache chatCache(@Value("${parley.chat.cache-size:1000}") int size) {
        return new LruCache(size);
    }

    /**
     * Snapshots are taken on a thread of their own. Axon's default takes one in the thread that stored the triggering
     * event, here the chat writer ({@code GroupCommit}), so each chat's every 500th message held up everyone's
     * messages while that chat's events were read back.
     */
    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                    HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    SnapshotterSpanFactory spanFactory, ExecutorService snapshots) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshots)
                .build();
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService snapshots() {
        return Executors.newSingleThreadExecutor(new AxonThreadFactory("snapshotter"));
    }

    /**
     * A chat snapshot every {@code parley.chat.snapshot-every} events (default 500), taken from the cached chat's state
     * ({@link CachedStateSnapshotter}).
     */
    @Bean
    SnapshotTriggerDefinition chatSnapshotTrigger(Snapshotter snapshotter, Cache chatCache, EventStore eventStore,
                                                  TransactionManager transactionManager, Serializer serializer,
                                                  ExecutorService snapshots,
                                                  @Value("${parley.chat.snapshot-every:500}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(
                new CachedStateSnapshotter(chatCache, snapshotter, eventStore, transactionManager, serializer, snapshots),
                threshold);
    }

    /** Millisecond ticks: what events record is exactly what the read store (BSON dates) can keep. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
