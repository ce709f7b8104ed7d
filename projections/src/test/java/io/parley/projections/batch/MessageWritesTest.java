package io.parley.projections.batch;

import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.chat.ChatEvents.MessagesRead;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chats processor's batches, as Axon runs them: a batching unit of work whose first message registers the token
 * write for the commit (as Axon's tracking processor does), then each message through the interceptor to a handler.
 */
class MessageWritesTest {

    private final List<String> log = new ArrayList<>();
    private final MessageWrites.Writer writer = (events, messages) ->
            log.add("write " + events.stream().map(e -> String.valueOf(e.seq())).toList());

    @Test
    void aBatchsMessagesAreWrittenTogetherBeforeItsTokenIsStored() throws Exception {
        process(List.of(sent(1), sent(2), sent(3)), Set.of());

        assertThat(log).containsExactly("handled 1", "handled 2", "handled 3", "write [1, 2, 3]", "token");
    }

    @Test
    void anotherKindOfEventWaitsForTheMessagesBeforeIt() throws Exception {
        process(List.of(sent(1), sent(2), read(2), sent(3)), Set.of());

        assertThat(log).containsExactly("handled 1", "handled 2", "write [1, 2]", "handled read 2", "handled 3",
                "write [3]", "token");
    }

    @Test
    void messagesAreWrittenEvenWhenTheBatchsLastEventReachesNoHandler() throws Exception {
        process(List.of(sent(1), sent(2), sent(3)), Set.of(3L));

        assertThat(log).containsExactly("handled 1", "handled 2", "write [1, 2]", "token");
    }

    @Test
    void outsideABatchAMessageIsWrittenAtOnce() throws Exception {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(sent(1));
        try {
            MessageWrites.collect(unitOfWork, writer, (MessageSent) unitOfWork.getMessage().getPayload(), unitOfWork.getMessage());
            log.add("handled");
        } finally {
            unitOfWork.commit();
        }

        assertThat(log).containsExactly("write [1]", "handled");
    }

    /** Runs a batch; the handler skips messages whose seq is in {@code parked}, as the dead-letter queue does. */
    private void process(List<EventMessage<?>> batch, Set<Long> parked) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.executeWithResult(() -> {
            if (unitOfWork.isFirstMessage()) {
                unitOfWork.onPrepareCommit(u -> log.add("token"));
            }
            return new DefaultInterceptorChain<>(unitOfWork, List.of(MessageWrites.INTERCEPTOR), message -> {
                handle(message, parked);
                return null;
            }).proceed();
        });
    }

    private void handle(EventMessage<?> message, Set<Long> parked) {
        if (message.getPayload() instanceof MessageSent sent && !parked.contains(sent.seq())) {
            MessageWrites.collect(CurrentUnitOfWork.get(), writer, sent, message);
            log.add("handled " + sent.seq());
        } else if (message.getPayload() instanceof MessagesRead read) {
            log.add("handled read " + read.seq());
        }
    }

    private static EventMessage<?> sent(long seq) {
        return GenericEventMessage.asEventMessage(new MessageSent("chat-1", "m" + seq, seq, "ann", "hi", null, Instant.EPOCH, null, null));
    }

    private static EventMessage<?> read(long seq) {
        return GenericEventMessage.asEventMessage(new MessagesRead("chat-1", "ben", seq, Instant.EPOCH));
    }
}
