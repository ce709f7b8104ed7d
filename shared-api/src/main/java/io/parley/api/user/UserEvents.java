package io.parley.api.user;

import java.time.Instant;

public final class UserEvents {

    private UserEvents() {
    }

    public record UserRegistered(String userId, String phone, String email, Instant at) {
    }

    /** The profile as it is after the change (all three fields, so a projection needs no earlier state). */
    public record ProfileUpdated(String userId, String name, String bio, Gender gender, Instant at) {
    }

    public record UserDeleted(String userId, Instant at) {
    }
}
