package io.parley.api.connection;

import io.parley.api.TargetId;

import java.time.Instant;

public final class ConnectionCommands {

    private ConnectionCommands() {
    }

    /** {@code requesterId} scanned the QR code of {@code ownerId}. */
    public record RequestConnection(@TargetId String connectionId, String requesterId, String ownerId, Instant at) {
    }

    public record AcceptConnection(@TargetId String connectionId, String userId, Instant at) {
    }

    public record DeclineConnection(@TargetId String connectionId, String userId, Instant at) {
    }

    public record RemoveConnection(@TargetId String connectionId, String userId, Instant at) {
    }
}
