package io.parley.app.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.MDC;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Axon's message metrics and correlation ids.
 * <p>Metrics: Axon's own Micrometer auto-configuration orders itself after Boot 3's meter-registry configuration
 * classes, which Boot 4 renamed, so it could create a registry of its own that nothing exports; it is excluded
 * (see {@code ParleyApplication}) and the same module is wired here on Boot's registry, with dimensional meters:
 * command bus, query bus and event store tagged by payload type, event processors by processor name.
 * <p>Correlation: commands and queries sent while a request or STOMP frame is handled take its id as
 * {@code requestCorrelationId} metadata, which a correlation data provider copies to the events they cause (and
 * from those to any command their handlers send). Handlers of commands, events and queries run with the handled
 * message's id in the MDC.
 */
@Configuration(proxyBeanMethods = false)
class AxonObservabilityConfig {

    @Bean
    GlobalMetricRegistry axonMetricRegistry(MeterRegistry meters) {
        return new WithoutCapacity(meters);
    }

    @Bean
    MetricsConfigurerModule axonMetrics(GlobalMetricRegistry registry) {
        return new MetricsConfigurerModule(registry, true);
    }

    /**
     * Axon's registry less its capacity gauges. Each of those keeps every handled message's duration for ten minutes
     * (a skip list per bus, processor and payload type): under chat load, millions of entries that outlive young
     * collections, so old-generation garbage grew by hundreds of megabytes while the process was busiest. Counters,
     * timers and processor latency stay, with Axon's names and tags, in {@link MessageMeters} that look their meters up
     * once per payload type instead of once per message.
     */
    static final class WithoutCapacity extends GlobalMetricRegistry {

        WithoutCapacity(MeterRegistry meters) {
            super(meters);
        }

        @Override
        public MessageMonitor<? extends Message<?>> registerComponentWithDefaultTags(Class<?> componentType, String componentName) {
            MeterRegistry registry = getRegistry();
            if (EventProcessor.class.isAssignableFrom(componentType)) {
                return new MultiMessageMonitor<>(
                        new MessageMeters("eventProcessor", registry, payloadType -> Tags.of(
                                TagsUtil.PAYLOAD_TYPE_TAG, payloadType.getSimpleName(), TagsUtil.PROCESSOR_NAME_TAG, componentName)),
                        latency(componentName, registry));
            }
            if (CommandBus.class.isAssignableFrom(componentType) || QueryBus.class.isAssignableFrom(componentType)
                    || QueryUpdateEmitter.class.isAssignableFrom(componentType) || EventBus.class.isAssignableFrom(componentType)) {
                return new MessageMeters(componentName, registry, payloadType -> Tags.of(TagsUtil.PAYLOAD_TYPE_TAG, payloadType.getSimpleName()));
            }
            return super.registerComponentWithDefaultTags(componentType, componentName);
        }

        /**
         * Axon's {@code eventProcessor.latency} gauge (how old the last handled event was, in milliseconds), registered
         * once instead of for every event as {@code EventProcessorLatencyMonitor} does.
         */
        private static MessageMonitor<Message<?>> latency(String processor, MeterRegistry registry) {
            AtomicLong millis = new AtomicLong();
            Gauge.builder("eventProcessor.latency", millis::get).strongReference(true)
                    .tags(TagsUtil.PROCESSOR_NAME_TAG, processor).register(registry);
            return message -> {
                if (message instanceof EventMessage<?> event) {
                    millis.set(registry.config().clock().wallTime() - event.getTimestamp().toEpochMilli());
                }
                return NoOpMessageMonitorCallback.INSTANCE;
            };
        }
    }

    /** Declaring a provider replaces the starter's default one, so Axon's origin provider is declared too. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider requestCorrelation() {
        return new SimpleCorrelationDataProvider(CorrelationId.METADATA_KEY);
    }

    /** On the gateways: whatever sends a command or query, from whichever thread, goes through them. */
    @Bean
    InitializingBean correlationOnDispatch(CommandGateway commands, QueryGateway queries) {
        return () -> {
            commands.registerDispatchInterceptor(new CorrelationFromMdc<>());
            queries.registerDispatchInterceptor(new CorrelationFromMdc<>());
        };
    }

    @Bean
    InitializingBean correlationInCommandAndQueryHandlers(CommandBus commandBus, QueryBus queryBus) {
        return () -> {
            commandBus.registerHandlerInterceptor(new CorrelationInMdc());
            queryBus.registerHandlerInterceptor(new CorrelationInMdc());
        };
    }

    @Bean
    ConfigurerModule correlationInEventHandlers() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, processor) -> new CorrelationInMdc());
    }

    /** Handles a message with its correlation id in the MDC. */
    private static final class CorrelationInMdc implements MessageHandlerInterceptor<Message<?>> {
        @Override
        public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
            if (!(unitOfWork.getMessage().getMetaData().get(CorrelationId.METADATA_KEY) instanceof String id)) {
                return chain.proceed();
            }
            // Restored, not removed: a command handled on the request's own thread must leave the request's id.
            String outer = MDC.get(CorrelationId.KEY);
            MDC.put(CorrelationId.KEY, id);
            try {
                return chain.proceed();
            } finally {
                if (outer == null) {
                    MDC.remove(CorrelationId.KEY);
                } else {
                    MDC.put(CorrelationId.KEY, outer);
                }
            }
        }
    }

    /** Adds the MDC's correlation id to a message that has none yet (one sent inside a handler already has it). */
    private static final class CorrelationFromMdc<M extends Message<?>> implements MessageDispatchInterceptor<M> {
        @Override
        @SuppressWarnings("unchecked")
        public BiFunction<Integer, M, M> handle(List<? extends M> messages) {
            return (index, message) -> {
                String id = MDC.get(CorrelationId.KEY);
                return id == null || message.getMetaData().containsKey(CorrelationId.METADATA_KEY)
                        ? message : (M) message.andMetaData(Map.of(CorrelationId.METADATA_KEY, id));
            };
        }
    }
}
