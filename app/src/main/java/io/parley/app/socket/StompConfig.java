package io.parley.app.socket;

import io.parley.api.ErrorCode;
import io.parley.app.live.LiveQueryInterceptor;
import io.parley.app.observability.StompCorrelationInterceptor;
import io.parley.app.web.TokenAuthentication;
import io.parley.command.auth.AccessTokens;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import java.time.Duration;

/**
 * STOMP 1.2 over WebSocket at {@code /ws}. CONNECT must carry {@code Authorization: Bearer <jwt>}; the session's
 * principal is then the user id, so {@code /user/queue/events} reaches all of that user's sessions. Each node runs
 * the simple broker with 10 s heart-beats for its own sessions; {@link PushFanOut} carries pushes to the node that
 * holds the recipient's sessions (docs/DECISIONS.md "Several nodes").
 */
@Configuration
@EnableWebSocketMessageBroker
class StompConfig implements WebSocketMessageBrokerConfigurer {

    private static final String CHAT_SEND = "/app/chat.send";
    private static final long HEARTBEAT_MILLIS = 10_000;

    private final AccessTokens tokens;
    private final LiveQueryInterceptor liveQueries;

    private final int inboundThreads;
    private final int outboundThreads;

    StompConfig(AccessTokens tokens, LiveQueryInterceptor liveQueries,
                @Value("${parley.stomp.inbound-threads:32}") int inboundThreads,
                @Value("${parley.stomp.outbound-threads:8}") int outboundThreads) {
        this.tokens = tokens;
        this.liveQueries = liveQueries;
        this.inboundThreads = inboundThreads;
        this.outboundThreads = outboundThreads;
    }

    /** Broker heart-beats and the app's {@code @Scheduled} jobs (presence refresh) share this scheduler. */
    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setThreadNamePrefix("parley-scheduler-");
        return scheduler;
    }

    /**
     * Handlers of client frames block on commands and look-ups, so they get many threads, sized for waiting
     * rather than for cores; each session's frames are still handled one at a time, in the order sent. A chat
     * message's handler only queues it to be stored, so it may run on the socket's own thread.
     */
    @Bean
    SessionOrderedExecutor stompInboundExecutor() {
        return new SessionOrderedExecutor("stomp-in-", inboundThreads,
                message -> CHAT_SEND.equals(SimpMessageHeaderAccessor.getDestination(message.getHeaders())));
    }

    /** Writes frames to sockets: each session's pushes leave in the order they were published. */
    @Bean
    SessionOrderedExecutor stompOutboundExecutor() {
        return new SessionOrderedExecutor("stomp-out-", outboundThreads);
    }

    /** Heart-beats are written aside, each sweep spread over a tenth of the heart-beat interval. */
    @Bean
    SpreadHeartbeats stompOutboundHeartbeats() {
        return new SpreadHeartbeats(stompOutboundExecutor(), Duration.ofMillis(HEARTBEAT_MILLIS / 10));
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/ws").setAllowedOriginPatterns("*");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.enableSimpleBroker("/queue", "/topic")
                .setHeartbeatValue(new long[]{HEARTBEAT_MILLIS, HEARTBEAT_MILLIS})
                .setTaskScheduler(taskScheduler());
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.executor(stompInboundExecutor());
        registration.interceptors(new StompCorrelationInterceptor(), new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
                if (stomp != null && StompCommand.CONNECT.equals(stomp.getCommand())) {
                    // The token is needed here only. The CONNECT message lives on in the session's events and in
                    // what Spring logs of them (a failing event listener logs the whole event): without the token.
                    String authorization = stomp.getFirstNativeHeader("Authorization");
                    stomp.removeNativeHeader("Authorization");
                    stomp.setUser(authenticate(authorization));
                }
                return message;
            }
        }, liveQueries);
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.executor(stompOutboundHeartbeats());
    }

    /**
     * Each session's outgoing frames are bounded: a client that stops reading (over 512 KiB queued or 10 s
     * blocked) has its session closed rather than growing server memory; it reconnects and re-subscribes. Incoming
     * frames may arrive in parts ({@link PartialFrames}), up to the 64 KiB message size limit.
     */
    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setSendBufferSizeLimit(512 * 1024).setSendTimeLimit(10_000).setMessageSizeLimit(64 * 1024)
                .addDecoratorFactory(PartialFrames::new);
    }

    private UsernamePasswordAuthenticationToken authenticate(String header) {
        return TokenAuthentication.fromHeader(tokens, header).orElseThrow(() -> new MessageDeliveryException(
                ErrorCode.UNAUTHORIZED.code() + ": CONNECT needs Authorization: Bearer <a valid access token>"));
    }
}
