package io.parley.api.user;

import java.time.Instant;

/** The full user JSON of API.md, as the read model keeps it. {@code gender} is in its wire form. */
public record UserView(String id, String phone, String email, String name, String bio, String avatarUrl,
                       String gender, Instant createdAt, Instant updatedAt) {

    /** What other users see: API.md's public view. */
    public PublicUserView publicView() {
        return new PublicUserView(id, name, bio, avatarUrl, null, null);
    }

    /** The public view plus phone and email, for users who are connected. */
    public PublicUserView connectedView() {
        return new PublicUserView(id, name, bio, avatarUrl, phone, email);
    }
}
