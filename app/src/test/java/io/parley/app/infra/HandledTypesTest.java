package io.parley.app.infra;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HandledTypesTest {

    /** Takes text only, and only with a room in its metadata: Axon's answer depends on the message, not only its type. */
    static final class RoomHandler {
        final List<String> handled = new ArrayList<>();

        @EventHandler
        void on(String text, @MetaDataValue(value = "room", required = true) String room) {
            handled.add(room + ":" + text);
        }
    }

    /** Axon's invoker, counting what it is asked. */
    static final class Counting implements EventHandlerInvoker {
        private final EventHandlerInvoker invoker;
        int canHandle;
        int canHandleType;

        Counting(EventHandlerInvoker invoker) {
            this.invoker = invoker;
        }

        @Override
        public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
            canHandle++;
            return invoker.canHandle(eventMessage, segment);
        }

        @Override
        public boolean canHandleType(Class<?> payloadType) {
            canHandleType++;
            return invoker.canHandleType(payloadType);
        }

        @Override
        public void handle(EventMessage<?> message, Segment segment) throws Exception {
            invoker.handle(message, segment);
        }
    }

    private final RoomHandler handler = new RoomHandler();
    private final Counting axon = new Counting(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build());
    private final HandledTypes handledTypes = new HandledTypes(axon);

    @Test
    void aTypeNoHandlerTakesIsRefusedAndAxonIsAskedAboutItOnce() {
        for (int i = 0; i < 3; i++) {
            assertThat(handledTypes.canHandle(GenericEventMessage.asEventMessage(42), Segment.ROOT_SEGMENT)).isFalse();
            assertThat(handledTypes.canHandleType(Integer.class)).isFalse();
        }
        assertThat(axon.canHandleType).isOne();
        assertThat(axon.canHandle).isZero();
    }

    @Test
    void eventsOfATypeAHandlerTakesAreAskedAboutAsAxonWouldEachTime() throws Exception {
        EventMessage<String> inRoom = GenericEventMessage.<String>asEventMessage("hello").andMetaData(MetaData.with("room", "r1"));
        EventMessage<String> nowhere = GenericEventMessage.asEventMessage("hello");

        assertThat(handledTypes.canHandle(inRoom, Segment.ROOT_SEGMENT)).isTrue();
        assertThat(handledTypes.canHandle(nowhere, Segment.ROOT_SEGMENT)).as("Axon's answer for this message").isFalse();
        assertThat(handledTypes.canHandle(inRoom, Segment.ROOT_SEGMENT)).isTrue();
        assertThat(axon.canHandle).isEqualTo(3);
        assertThat(axon.canHandleType).isOne();

        handledTypes.handle(inRoom, Segment.ROOT_SEGMENT);
        assertThat(handler.handled).containsExactly("r1:hello");
    }
}
