package io.parley.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.socket.messaging.SessionConnectEvent;
import org.springframework.web.socket.messaging.SessionConnectedEvent;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens stay out of the logs: when a listener of a STOMP session event fails, Spring logs the event with
 * the CONNECT message it carries, and that message no longer holds the {@code Authorization} header.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(SocketLogTest.FailingListener.class)
class SocketLogTest extends ApiTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingListener {
        @EventListener
        void connect(SessionConnectEvent event) {
            throw new IllegalStateException("a failing session listener");
        }

        @EventListener
        void connected(SessionConnectedEvent event) {
            throw new IllegalStateException("a failing session listener");
        }
    }

    @Test
    void aFailingSessionListenerLogsTheConnectWithoutTheToken(CapturedOutput output) throws Exception {
        User user = user();
        try (Socket socket = Socket.open(port, user.token())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!(output.getOut().contains("Error publishing SessionConnectEvent")
                    && output.getOut().contains("Error publishing SessionConnectedEvent")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(output.getOut()).as("the failures are logged, with their messages")
                .contains("Error publishing SessionConnectEvent", "Error publishing SessionConnectedEvent", "stompCommand=CONNECT")
                .doesNotContain(user.token());
    }
}
