package io.parley.command.call;

import io.parley.api.ParleyException;
import io.parley.api.call.CallCommands.LeaveCall;
import io.parley.api.call.CallCommands.RejoinCall;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionConnectedEvent;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

import java.time.Clock;

/**
 * A party whose call session closes during an active call has the reconnect grace to come back: when they connect
 * again, their new session carries the call. (Another session of theirs that stays open does not carry the call's
 * media, so it does not count as being there.) A quick reconnect may be handled before the old session's close: a
 * session that connects while the party is in a call is remembered, and takes the call over when the call session
 * closes, with no grace at all.
 */
@Component
class CallPresence {

    private static final Logger log = LoggerFactory.getLogger(CallPresence.class);

    private final CallLines lines;
    private final CallSessions sessions;
    private final CommandGateway commands;
    private final Clock clock;

    CallPresence(CallLines lines, CallSessions sessions, CommandGateway commands, Clock clock) {
        this.lines = lines;
        this.sessions = sessions;
        this.commands = commands;
        this.clock = clock;
    }

    @EventListener
    void disconnected(SessionDisconnectEvent event) {
        if (event.getUser() == null) {
            return;
        }
        String userId = event.getUser().getName();
        String sessionId = event.getSessionId();
        lines.callOf(userId).ifPresent(callId -> {
            sessions.forgetNewer(callId, userId, sessionId);
            if (sessions.of(callId, userId).map(sessionId::equals).orElse(false)) {
                sessions.takeNewer(callId, userId).ifPresentOrElse(
                        newer -> sessions.set(callId, userId, newer),
                        () -> send(new LeaveCall(callId, userId, clock.instant())));
            }
        });
    }

    /**
     * A session of a party who has a call session (not a callee still ringing) is remembered first, so that a close
     * handled at the same time either finds it or has left the call before the rejoin. (A close that slips between
     * the two leaves the party away: the new session's next signal rejoins, see {@link CallSocketController}.)
     */
    @EventListener
    void connected(SessionConnectedEvent event) {
        String sessionId = StompHeaderAccessor.wrap(event.getMessage()).getSessionId();
        if (event.getUser() == null || sessionId == null) {
            return;
        }
        String userId = event.getUser().getName();
        lines.callOf(userId).filter(callId -> sessions.of(callId, userId).isPresent()).ifPresent(callId -> {
            sessions.newer(callId, userId, sessionId);
            if (Boolean.TRUE.equals(send(new RejoinCall(callId, userId, clock.instant())))) {
                sessions.set(callId, userId, sessionId);
                sessions.forgetNewer(callId, userId, sessionId);
            }
        });
    }

    /** Refused only when the call cannot take it (leaving and rejoining are no-ops otherwise): worth seeing. */
    private Object send(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (ParleyException e) {
            log.warn("{} not applied: {}", command, e.getMessage());
            return null;
        }
    }
}
