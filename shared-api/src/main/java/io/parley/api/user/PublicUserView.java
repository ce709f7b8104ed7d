package io.parley.api.user;

/** What other users see; {@code phone} and {@code email} only once the two are connected (else null). */
public record PublicUserView(String id, String name, String bio, String avatarUrl, String phone, String email) {
}
