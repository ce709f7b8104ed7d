package io.parley.api.connection;

import java.time.Instant;

public final class ConnectionEvents {

    private ConnectionEvents() {
    }

    public record ConnectionRequested(String connectionId, String requesterId, String ownerId, Instant at) {
    }

    public record ConnectionAccepted(String connectionId, String requesterId, String ownerId, Instant at) {
    }

    public record ConnectionDeclined(String connectionId, String requesterId, String ownerId, Instant at) {
    }

    public record ConnectionRemoved(String connectionId, String requesterId, String ownerId, String removedBy, Instant at) {
    }
}
