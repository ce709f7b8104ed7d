package io.parley.command.call;

import io.parley.api.ErrorCode;
import io.parley.api.call.CallCommands.AnswerCall;
import io.parley.api.call.CallCommands.EndCall;
import io.parley.api.call.CallCommands.LeaveCall;
import io.parley.api.call.CallCommands.RejoinCall;
import io.parley.api.call.CallCommands.StartCall;
import io.parley.api.call.CallEvents.CallAnswered;
import io.parley.api.call.CallEvents.CallEnded;
import io.parley.api.call.CallEvents.CallMissed;
import io.parley.api.call.CallEvents.CallPartyLeft;
import io.parley.api.call.CallEvents.CallPartyRejoined;
import io.parley.api.call.CallEvents.CallStarted;
import io.parley.api.call.CallMedia;
import io.parley.api.call.CallOutcome;
import io.parley.command.connection.ConnectedUsers;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A call between two accepted connections: ringing → active → ended, or ended at once (busy), or missed. The ring
 * timeout and a party's reconnect grace are persistent deadlines. A user is in one call at a time ({@link CallLines},
 * in the command's transaction). Every transition its state does not allow is {@code call_state}.
 */
@Aggregate(commandTargetResolver = "parleyCommandTargetResolver")
class Call {

    static final String RING_TIMEOUT = "call-ring-timeout";
    static final String RECONNECT_GRACE = "call-reconnect-grace";

    private enum State { RINGING, ACTIVE, ENDED }

    @AggregateIdentifier
    private String callId;
    private String callerId;
    private String calleeId;
    private State state;
    private CallMedia media;
    private final Set<String> away = new HashSet<>();

    Call() {
    }

    @CommandHandler
    Call(StartCall command, ConnectedUsers connections, CallLines lines, DeadlineManager deadlines, CallProperties properties) {
        if (command.callerId().equals(command.calleeId()) || !connections.accepted(command.callerId(), command.calleeId())) {
            throw ErrorCode.NOT_CONNECTED.exception("You can only call your accepted connections.");
        }
        if (!lines.take(command.callerId(), command.callId())) {
            throw callState("You are already in a call.");
        }
        apply(new CallStarted(command.callId(), command.callerId(), command.calleeId(), command.media(), command.at()));
        if (!lines.take(command.calleeId(), command.callId())) {
            lines.release(command.callerId(), command.callId());
            apply(new CallEnded(command.callId(), command.callerId(), command.calleeId(), CallOutcome.BUSY, null, null, command.at()));
            return;
        }
        deadlines.schedule(properties.ringTimeout(), RING_TIMEOUT);
    }

    /** Answers the call's media. */
    @CommandHandler
    CallMedia handle(AnswerCall command, DeadlineManager deadlines) {
        requireParty(command.userId());
        if (!command.userId().equals(calleeId) || state != State.RINGING) {
            throw callState(state == State.RINGING ? "Only the callee answers." : "The call is not ringing.");
        }
        deadlines.cancelAllWithinScope(RING_TIMEOUT);
        apply(new CallAnswered(callId, callerId, calleeId, command.at()));
        return media;
    }

    @CommandHandler
    void handle(EndCall command, DeadlineManager deadlines, CallLines lines) {
        requireParty(command.userId());
        if (state == State.ENDED) {
            throw callState("The call has ended.");
        }
        CallOutcome outcome = state == State.ACTIVE ? CallOutcome.ANSWERED
                : command.userId().equals(callerId) ? CallOutcome.CANCELLED : CallOutcome.DECLINED;
        deadlines.cancelAllWithinScope(RING_TIMEOUT);
        deadlines.cancelAllWithinScope(RECONNECT_GRACE);
        end(lines, new CallEnded(callId, callerId, calleeId, outcome, state == State.ACTIVE ? "hangup" : null,
                command.userId(), command.at()));
    }

    /** Only during an active call; a party already away stays on the grace they started. */
    @CommandHandler
    void handle(LeaveCall command, DeadlineManager deadlines, CallProperties properties) {
        requireParty(command.userId());
        if (state == State.ACTIVE && !away.contains(command.userId())) {
            deadlines.schedule(properties.reconnectGrace(), RECONNECT_GRACE, command.userId());
            apply(new CallPartyLeft(callId, command.userId(), command.at()));
        }
    }

    /**
     * Cancels the graces, and starts again that of the other party if they are away too. Answers whether the party
     * was away (their new session then carries the call).
     */
    @CommandHandler
    boolean handle(RejoinCall command, DeadlineManager deadlines, CallProperties properties) {
        requireParty(command.userId());
        if (state != State.ACTIVE || !away.contains(command.userId())) {
            return false;
        }
        deadlines.cancelAllWithinScope(RECONNECT_GRACE);
        apply(new CallPartyRejoined(callId, command.userId(), command.at()));
        away.forEach(other -> deadlines.schedule(properties.reconnectGrace(), RECONNECT_GRACE, other));
        return true;
    }

    @DeadlineHandler(deadlineName = RING_TIMEOUT)
    void ringTimeout(DeadlineMessage<?> deadline, CallLines lines, CallMeters meters) {
        if (state == State.RINGING) {
            meters.missed(media);
            lines.release(callerId, callId);
            lines.release(calleeId, callId);
            apply(new CallMissed(callId, callerId, calleeId, deadline.getTimestamp()));
        }
    }

    @DeadlineHandler(deadlineName = RECONNECT_GRACE)
    void graceOver(String userId, DeadlineMessage<?> deadline, CallLines lines) {
        if (state == State.ACTIVE && away.contains(userId)) {
            end(lines, new CallEnded(callId, callerId, calleeId, CallOutcome.ANSWERED, "disconnected", userId, deadline.getTimestamp()));
        }
    }

    private void end(CallLines lines, CallEnded ended) {
        lines.release(callerId, callId);
        lines.release(calleeId, callId);
        apply(ended);
    }

    /** Someone else's call does not exist for them. */
    private void requireParty(String userId) {
        if (!userId.equals(callerId) && !userId.equals(calleeId)) {
            throw ErrorCode.CALL_NOT_FOUND.exception("No such call.");
        }
    }

    private static RuntimeException callState(String detail) {
        return ErrorCode.CALL_STATE.exception(detail);
    }

    @EventSourcingHandler
    void on(CallStarted event) {
        callId = event.callId();
        callerId = event.callerId();
        calleeId = event.calleeId();
        media = event.media();
        state = State.RINGING;
    }

    @EventSourcingHandler
    void on(CallAnswered event) {
        state = State.ACTIVE;
    }

    @EventSourcingHandler
    void on(CallEnded event) {
        state = State.ENDED;
        away.clear();
    }

    @EventSourcingHandler
    void on(CallMissed event) {
        state = State.ENDED;
    }

    @EventSourcingHandler
    void on(CallPartyLeft event) {
        away.add(event.userId());
    }

    @EventSourcingHandler
    void on(CallPartyRejoined event) {
        away.remove(event.userId());
    }
}
