package io.parley.app.socket;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * What an open socket holds while idle. Tomcat gives each WebSocket session buffers for its whole life, 8 KiB each
 * by default: the NIO channel's read and write buffers, the frame input buffer, the binary message buffer, the output
 * and encoder buffers; and the text message buffer, which Spring's STOMP handler raises to 16 KiB of chars. That was
 * 83 KiB of an idle session's 96 KiB of heap. Here they are 2 KiB (the message buffers 1 KiB) and the raise is
 * ignored: a client's frame may still be as large as before, as the STOMP handler takes it in parts
 * ({@link PartialFrames}), and a long push leaves in several WebSocket fragments. docs/DECISIONS.md "Performance
 * (idle sockets)" has the measurements.
 */
@Configuration
class SocketBuffers {

    /** Tomcat reads it once, when its WebSocket classes load: before the web server starts, so no JVM option needed. */
    private static final String TOMCAT_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    private static final int BYTES = 2048;

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(BYTES / 2);
        container.setMaxBinaryMessageBufferSize(BYTES / 2);
        return container;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> socketBufferSizes() {
        return factory -> {
            if (System.getProperty(TOMCAT_BUFFER_PROPERTY) == null) {
                System.setProperty(TOMCAT_BUFFER_PROPERTY, Integer.toString(BYTES));
            }
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("socket.appReadBufSize", Integer.toString(BYTES));
                connector.setProperty("socket.appWriteBufSize", Integer.toString(BYTES));
            });
        };
    }
}
