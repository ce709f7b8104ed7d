package io.parley.api.call;

import java.time.Instant;

/** Events of a call: ids, media kind, times and outcome. Never an SDP or an ICE candidate (they hold IP addresses). */
public final class CallEvents {

    private CallEvents() {
    }

    public record CallStarted(String callId, String callerId, String calleeId, CallMedia media, Instant at) {
    }

    public record CallAnswered(String callId, String callerId, String calleeId, Instant at) {
    }

    /** {@code endReason}: {@code hangup}, {@code disconnected}, or null where the outcome says it all. */
    public record CallEnded(String callId, String callerId, String calleeId, CallOutcome outcome, String endReason,
                            String endedBy, Instant at) {
    }

    /** Rang for the whole ring timeout. */
    public record CallMissed(String callId, String callerId, String calleeId, Instant at) {
    }

    public record CallPartyLeft(String callId, String userId, Instant at) {
    }

    public record CallPartyRejoined(String callId, String userId, Instant at) {
    }
}
