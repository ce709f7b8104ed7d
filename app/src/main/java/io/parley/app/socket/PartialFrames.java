package io.parley.app.socket;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Lets the container hand a WebSocket message over in parts, so that its per-session message buffers can stay
 * small ({@link SocketBuffers}): Spring's STOMP decoder joins a frame's parts, up to the STOMP message size limit.
 * Spring's STOMP handler also raises every session's text buffer to 16 KiB, because without parts a whole frame must
 * fit in it; with parts it need not, and that raise alone would cost 33 KB of chars per open socket, so it is ignored.
 */
final class PartialFrames extends WebSocketHandlerDecorator {

    PartialFrames(WebSocketHandler delegate) {
        super(delegate);
    }

    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        super.afterConnectionEstablished(new WebSocketSessionDecorator(session) {
            @Override
            public void setTextMessageSizeLimit(int messageSizeLimit) {
                // the container's buffer stays as SocketBuffers set it
            }

            @Override
            public void setBinaryMessageSizeLimit(int messageSizeLimit) {
                // likewise
            }
        });
    }
}
