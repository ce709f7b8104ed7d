package io.parley.api.user;

import io.parley.api.TargetId;

import java.time.Instant;

public final class UserCommands {

    private UserCommands() {
    }

    /** Exactly one of {@code phone} (E.164) and {@code email} (normalised) is set. */
    public record RegisterUser(@TargetId String userId, String phone, String email, Instant at) {
    }

    /**
     * A partial update: a null field stays as it is, an empty name or bio clears it.
     * The handler answers whether anything changed.
     */
    public record UpdateProfile(@TargetId String userId, String name, String bio, Gender gender, Instant at) {
    }

    /** A media the user put to use as their avatar, or null to remove it. Answers whether anything changed. */
    public record ChangeAvatar(@TargetId String userId, String mediaId, Instant at) {
    }

    /** {@code byUserId} is who asks (the user or an admin); {@code eraseMessages} also erases the texts they sent. */
    public record DeleteUser(@TargetId String userId, String byUserId, boolean eraseMessages, Instant at) {
    }
}
