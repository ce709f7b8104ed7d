package io.parley.app.projections;

import org.axonframework.common.Priority;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a projection's event handler up to {@code parley.dead-letters.attempts} times, pausing with a growing
 * back-off in between, before its failure reaches the dead-letter queue. The retry wraps the handler itself
 * because Axon's dead-lettering invoker catches the failure inside the processor's interceptor chain, so an
 * interceptor would never see it. Only handlers of processing groups (projections) are wrapped, not aggregates.
 */
@Priority(Priority.LAST)
class RetryingEventHandlers implements HandlerEnhancerDefinition {

    private static final Logger log = LoggerFactory.getLogger(RetryingEventHandlers.class);

    private final DeadLetterProperties properties;

    RetryingEventHandlers(DeadLetterProperties properties) {
        this.properties = properties;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (properties.attempts() == 1 || !original.hasAnnotation(EventHandler.class)
                || !original.declaringClass().isAnnotationPresent(ProcessingGroup.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                for (int attempt = 1; ; attempt++) {
                    try {
                        return super.handle(message, target);
                    } catch (Exception failure) {
                        if (attempt >= properties.attempts()) {
                            throw failure;
                        }
                        log.debug("Attempt {} of {} at {} failed; trying again", attempt, properties.attempts(),
                                message.getPayloadType().getSimpleName(), failure);
                        pause(attempt, failure);
                    }
                }
            }
        };
    }

    private void pause(int attempt, Exception failure) throws Exception {
        try {
            Thread.sleep(properties.backoffAfter(attempt).toMillis());
        } catch (InterruptedException e) {
            // The processor is shutting down: give up on this event with its own failure.
            Thread.currentThread().interrupt();
            throw failure;
        }
    }
}
