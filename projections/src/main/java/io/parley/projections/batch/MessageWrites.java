package io.parley.projections.batch;

import io.parley.api.chat.ChatEvents.MessageSent;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches a projection's writes for chat messages, the events that come by the thousand: its {@code MessageSent}
 * handler only collects, and this interceptor on its processor has the collected messages written (by
 * {@link Writer}, the projection's own)
 * <ul>
 * <li>before an event of another kind is handled, so writes and pushes keep the order of the events;</li>
 * <li>after the batch's last event, even one that went to the dead-letter queue instead of a handler. Axon stores
 * the batch's token only after that, when the batch commits: a crash repeats the batch's (idempotent) writes,
 * never skips them. A failing write fails the batch, which the processor retries from its token.</li>
 * </ul>
 * A unit of work that is no batch (one event) writes at once. This class is no interceptor bean itself: Axon's Spring
 * configuration would register such a bean on every processor, where it only cost time per event.
 */
@Component
public class MessageWrites implements ConfigurerModule {

    /** The processors whose {@code MessageSent} handlers collect: the {@code chats} and {@code notifications} ones. */
    static final List<String> GROUPS = List.of("chats", "notifications");
    private static final String PENDING = MessageWrites.class.getName();
    /** The interceptor on those processors. */
    public static final MessageHandlerInterceptor<EventMessage<?>> INTERCEPTOR = MessageWrites::handle;

    /** Writes messages (events and their messages, in event order) to the read model. */
    public interface Writer {
        void write(List<MessageSent> events, List<EventMessage<?>> messages);
    }

    /** The messages collected in one unit of work, in event order. */
    private static final class Pending {
        private final Writer writer;
        private final List<MessageSent> events = new ArrayList<>();
        private final List<EventMessage<?>> messages = new ArrayList<>();

        Pending(Writer writer) {
            this.writer = writer;
        }

        void write() {
            if (events.isEmpty()) {
                return;
            }
            writer.write(List.copyOf(events), List.copyOf(messages));
            events.clear();
            messages.clear();
        }
    }

    public static void collect(UnitOfWork<?> unitOfWork, Writer writer, MessageSent event, EventMessage<?> message) {
        Pending pending = unitOfWork.getOrComputeResource(PENDING, key -> new Pending(writer));
        pending.events.add(event);
        pending.messages.add(message);
        if (!(unitOfWork instanceof BatchingUnitOfWork<?>)) {
            pending.write();
        }
    }

    @Override
    public void configureModule(Configurer configurer) {
        GROUPS.forEach(group -> configurer.eventProcessing().registerHandlerInterceptor(group, configuration -> INTERCEPTOR));
    }

    private static Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        if (!MessageSent.class.equals(unitOfWork.getMessage().getPayloadType())) {
            write(unitOfWork);
        }
        Object result = interceptorChain.proceed();
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            write(unitOfWork);
        }
        return result;
    }

    private static void write(UnitOfWork<?> unitOfWork) {
        Pending pending = unitOfWork.getResource(PENDING);
        if (pending != null) {
            pending.write();
        }
    }
}
