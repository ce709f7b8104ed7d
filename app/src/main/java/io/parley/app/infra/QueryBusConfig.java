package io.parley.app.infra;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.axonserver.connector.TargetContextResolver;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.axonserver.connector.query.QueryPriorityCalculator;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The query bus as Axon's auto-configuration makes it, without a transaction around each query. Queries read the read
 * store, Redis or memory, none of them transactional; the JPA transaction Axon opened took one of the ten pooled JDBC
 * connections for every query, and under 32 concurrent REST reads the requests queued for them (docs/DECISIONS.md
 * "Performance (REST)").
 */
@Configuration(proxyBeanMethods = false)
class QueryBusConfig {

    @Bean
    @Qualifier("localSegment")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    SimpleQueryBus queryBus(org.axonframework.config.Configuration axon) {
        return localSegment(axon, axon.getComponent(QueryInvocationErrorHandler.class,
                () -> LoggingQueryInvocationErrorHandler.builder().build()));
    }

    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "true")
    AxonServerQueryBus axonServerQueryBus(AxonServerConnectionManager connections, AxonServerConfiguration server,
                                          org.axonframework.config.Configuration axon,
                                          @Qualifier("messageSerializer") Serializer messageSerializer,
                                          Serializer genericSerializer, QueryPriorityCalculator priorityCalculator,
                                          QueryInvocationErrorHandler errorHandler,
                                          TargetContextResolver<? super QueryMessage<?, ?>> targetContextResolver) {
        SimpleQueryBus local = localSegment(axon, errorHandler);
        local.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        AxonServerQueryBus.Builder bus = AxonServerQueryBus.builder()
                .axonServerConnectionManager(connections)
                .configuration(server)
                .localSegment(local)
                .updateEmitter(local.queryUpdateEmitter())
                .messageSerializer(messageSerializer)
                .genericSerializer(genericSerializer)
                .priorityCalculator(priorityCalculator)
                .targetContextResolver(targetContextResolver)
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class));
        if (server.isShortcutQueriesToLocalHandlers()) {
            bus.enabledLocalSegmentShortCut();
        }
        return bus.build();
    }

    private static SimpleQueryBus localSegment(org.axonframework.config.Configuration axon, QueryInvocationErrorHandler errorHandler) {
        return SimpleQueryBus.builder()
                .messageMonitor(axon.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(errorHandler)
                .queryUpdateEmitter(axon.getComponent(QueryUpdateEmitter.class))
                .spanFactory(axon.getComponent(QueryBusSpanFactory.class))
                .build();
    }
}
