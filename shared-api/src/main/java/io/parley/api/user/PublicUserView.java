package io.parley.api.user;

public record PublicUserView(String id, String name, String bio, String avatarUrl) {
}
