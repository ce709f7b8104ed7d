package io.parley.api.call;

import io.parley.api.user.PublicUserView;

import java.time.Instant;
import java.util.List;

public final class CallQueries {

    private CallQueries() {
    }

    /** API.md's call JSON ({@code media}, {@code state}, {@code outcome} in their wire forms). */
    public record CallView(String callId, String callerId, String calleeId, String media, String state, String outcome,
                           String endReason, Instant startedAt, Instant answeredAt, Instant endedAt, Long durationSeconds) {
    }

    /** A party's call; null for anyone else. */
    public record FindCall(String callId, String userId) {
    }

    /** The user's call log, newest first, started before {@code before} (null: from the newest). */
    public record FindCalls(String userId, Instant before, int limit) {
    }

    /** A call in a user's log: the call JSON plus {@code direction} and the {@code peer}'s public view. */
    public record CallLogEntry(String callId, String callerId, String calleeId, String media, String state, String outcome,
                               String endReason, Instant startedAt, Instant answeredAt, Instant endedAt,
                               Long durationSeconds, String direction, PublicUserView peer) {
    }

    public record CallLog(List<CallLogEntry> items, boolean hasMore) {
    }
}
