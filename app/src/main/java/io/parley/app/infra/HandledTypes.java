package io.parley.app.infra;

import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A processor's event handlers, asked once per payload type whether any of them takes events of that type. Every
 * processor reads every event, and Axon's tracking processor asks its handlers about each one it reads (and once
 * more by type about one they refuse), through streams over its invokers and handler members: at 5,000 chat
 * messages/s the eight processors' questions were an eighth of all the server's allocations, most of them about
 * chat messages that six of the processors never handle. A type none of the handlers takes is refused here at once;
 * for the others Axon's own question is asked, as it looks at more than the type (the segment, the message). The
 * handlers are fixed once the processor is built, so the answers hold.
 */
final class HandledTypes implements EventHandlerInvoker {

    private final EventHandlerInvoker handlers;
    private final Map<Class<?>, Boolean> handled = new ConcurrentHashMap<>();

    HandledTypes(EventHandlerInvoker handlers) {
        this.handlers = handlers;
    }

    @Override
    public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
        return canHandleType(eventMessage.getPayloadType()) && handlers.canHandle(eventMessage, segment);
    }

    @Override
    public boolean canHandleType(Class<?> payloadType) {
        return handled.computeIfAbsent(payloadType, handlers::canHandleType);
    }

    @Override
    public void handle(EventMessage<?> message, Segment segment) throws Exception {
        handlers.handle(message, segment);
    }

    @Override
    public boolean supportsReset() {
        return handlers.supportsReset();
    }

    @Override
    public void performReset() {
        handlers.performReset();
    }

    @Override
    public <R> void performReset(R resetContext) {
        handlers.performReset(resetContext);
    }

    @Override
    public void segmentReleased(Segment segment) {
        handlers.segmentReleased(segment);
    }
}
