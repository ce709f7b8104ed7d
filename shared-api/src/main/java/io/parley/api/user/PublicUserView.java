package io.parley.api.user;

/** What other users see; {@code phone} and {@code email} only once the two are connected (else null). */
public record PublicUserView(String id, String name, String bio, String avatarUrl, String phone, String email) {

    /** A user the read side no longer has (deleted, or not projected yet): their id only. */
    public static PublicUserView idOnly(String id) {
        return new PublicUserView(id, null, null, null, null, null);
    }
}
