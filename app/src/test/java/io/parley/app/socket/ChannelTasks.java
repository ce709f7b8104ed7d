package io.parley.app.socket;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.support.MessageHandlingRunnable;

/** What a STOMP channel hands its executor: a runnable that carries its message. */
final class ChannelTasks {

    private ChannelTasks() {
    }

    static MessageHandlingRunnable task(Message<?> message, Runnable body) {
        return new MessageHandlingRunnable() {
            @Override
            public Message<?> getMessage() {
                return message;
            }

            @Override
            public MessageHandler getMessageHandler() {
                return m -> body.run();
            }

            @Override
            public void run() {
                body.run();
            }
        };
    }
}
