package io.parley.api.call;

import io.parley.api.TargetId;

import java.time.Instant;

public final class CallCommands {

    private CallCommands() {
    }

    /** The caller rings the callee; answers whether the callee was free (else the call ended at once, busy). */
    public record StartCall(@TargetId String callId, String callerId, String calleeId, CallMedia media, Instant at) {
    }

    /** Only the callee, only while it rings. */
    public record AnswerCall(@TargetId String callId, String userId, Instant at) {
    }

    /** Either party: before an answer the caller cancels and the callee declines; after it, a hang-up. */
    public record EndCall(@TargetId String callId, String userId, Instant at) {
    }

    /** A party's call session closed during an active call: the reconnect grace starts. */
    public record LeaveCall(@TargetId String callId, String userId, Instant at) {
    }

    /** The party is back within the grace. */
    public record RejoinCall(@TargetId String callId, String userId, Instant at) {
    }
}
