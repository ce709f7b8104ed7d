package io.parley.api.connection;

import io.parley.api.user.PublicUserView;

import java.time.Instant;

/**
 * API.md's connection JSON, as one party sees it: {@code direction} is "outgoing" for the requester,
 * "incoming" for the QR owner; {@code user} is the other party's public view (with phone/email once accepted).
 */
public record ConnectionView(String connectionId, String status, String direction, PublicUserView user,
                             Instant createdAt, Instant updatedAt) {

    /** Whether the two users are connected (the request was accepted and the connection not removed). */
    public boolean accepted() {
        return "accepted".equals(status);
    }
}
