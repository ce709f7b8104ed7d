package io.parley.command.call;

import io.parley.api.ErrorCode;
import io.parley.api.call.CallCommands.AnswerCall;
import io.parley.api.call.CallCommands.EndCall;
import io.parley.api.call.CallCommands.RejoinCall;
import io.parley.api.call.CallCommands.StartCall;
import io.parley.api.call.CallMedia;
import io.parley.api.call.CallQueries.CallView;
import io.parley.command.support.Commands;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.stereotype.Controller;
import org.springframework.validation.annotation.Validated;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * API.md "Calls" signalling over STOMP. The call's transitions are commands on the {@link Call}; the SDP and ICE
 * candidates are relayed from session to session and never stored (they hold IP addresses). {@code call:ended}
 * comes from the calls projection, whatever ended the call (a party, the ring timeout, the reconnect grace).
 */
@Controller
@Validated
class CallSocketController {

    /** An SDP is a few kilobytes; a candidate a line. */
    record Offer(@NotBlank @Size(max = 64) String to, @NotBlank @Pattern(regexp = "audio|video", message = "must be audio or video") String media,
                 @NotBlank @Size(max = 100_000) String sdp) {
    }

    record Answer(@NotBlank @Size(max = 64) String callId, @NotBlank @Size(max = 100_000) String sdp) {
    }

    /** {@code candidate}: the browser's RTCIceCandidateInit, relayed as it is. */
    record Ice(@NotBlank @Size(max = 64) String callId, @NotNull Map<String, Object> candidate) {
    }

    record End(@NotBlank @Size(max = 64) String callId) {
    }

    private final CommandGateway commands;
    private final CallLines lines;
    private final CallSessions sessions;
    private final CallPushes pushes;
    private final CallMeters meters;
    private final Clock clock;

    CallSocketController(CommandGateway commands, CallLines lines, CallSessions sessions, CallPushes pushes,
                         CallMeters meters, Clock clock) {
        this.commands = commands;
        this.lines = lines;
        this.sessions = sessions;
        this.pushes = pushes;
        this.meters = meters;
        this.clock = clock;
    }

    /** Rings every session of the callee; a busy callee ends the call at once (the projection tells both). */
    @MessageMapping("call.offer")
    void offer(Principal principal, @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String session, @Valid @Payload Offer body) {
        String me = principal.getName();
        String callId = UUID.randomUUID().toString();
        Instant at = clock.instant();
        CallMedia media = CallMedia.fromJson(body.media()).orElseThrow();
        send(new StartCall(callId, me, body.to(), media, at));
        meters.started(media);
        sessions.parties(callId, me, body.to());
        sessions.set(callId, me, session);
        CallView ringing = new CallView(callId, me, body.to(), media.json(), "ringing", null, null, at, null, null, null);
        pushes.toSession(me, session, "call:ringing", Map.of("call", ringing));
        if (lines.callOf(body.to()).filter(callId::equals).isPresent()) {
            pushes.toUser(body.to(), "call:offer", Map.of("call", ringing, "sdp", body.sdp()));
        }
    }

    /** The answering session becomes the callee's call session; their other sessions stop ringing. */
    @MessageMapping("call.answer")
    void answer(Principal principal, @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String session, @Valid @Payload Answer body) {
        String me = principal.getName();
        CallMedia media = send(new AnswerCall(body.callId(), me, clock.instant()));
        meters.answered(media);
        sessions.set(body.callId(), me, session);
        String caller = sessions.other(body.callId(), me).orElseThrow(() -> notFound());
        sessions.of(body.callId(), caller).ifPresent(callerSession ->
                pushes.toSession(caller, callerSession, "call:answer", Map.of("callId", body.callId(), "sdp", body.sdp())));
        pushes.toUserExcept(me, session, "call:answered-elsewhere", Map.of("callId", body.callId()));
    }

    /**
     * To the other party's call session; before the callee answered, the caller's candidates go to every session of
     * the callee (browsers send them as soon as the offer is made). Only a party's own call session may send (or a
     * new session of theirs that rejoins).
     */
    @MessageMapping("call.ice")
    void ice(Principal principal, @Header(SimpMessageHeaderAccessor.SESSION_ID_HEADER) String session, @Valid @Payload Ice body) {
        String me = principal.getName();
        if (!sessions.of(body.callId(), me).map(session::equals).orElse(false)) {
            rejoin(body.callId(), me, session);
        }
        String other = sessions.other(body.callId(), me).orElseThrow(() -> notFound());
        Map<String, Object> relayed = Map.of("callId", body.callId(), "candidate", body.candidate());
        sessions.of(body.callId(), other).ifPresentOrElse(
                otherSession -> pushes.toSession(other, otherSession, "call:ice", relayed),
                () -> pushes.toUser(other, "call:ice", relayed));
    }

    /**
     * A session of a party who is away (their call session closed, the grace runs) takes the call over with its
     * first signal, whatever order its connect and the old session's close were handled in ({@link CallPresence}).
     * Anyone else's session does not carry the call.
     */
    private void rejoin(String callId, String me, String session) {
        if (sessions.other(callId, me).isEmpty() || !Boolean.TRUE.equals(send(new RejoinCall(callId, me, clock.instant())))) {
            throw notFound();
        }
        sessions.set(callId, me, session);
        sessions.forgetNewer(callId, me, session);
    }

    @MessageMapping("call.end")
    void end(Principal principal, @Valid @Payload End body) {
        send(new EndCall(body.callId(), principal.getName(), clock.instant()));
    }

    private <R> R send(Object command) {
        return Commands.send(commands, command, ErrorCode.CALL_NOT_FOUND, "No such call.");
    }

    private static RuntimeException notFound() {
        return ErrorCode.CALL_NOT_FOUND.exception("No such call.");
    }
}
