package io.parley.api.user;

import io.parley.api.LiveQuery;

import java.util.List;

public final class UserQueries {

    private UserQueries() {
    }

    /** Answers the {@link UserView} or null; subscribers get every later version of it. */
    public record FindUser(String userId) implements LiveQuery {
    }

    public record FindUsers(int page, int size) {
    }

    public record UserPage(List<UserView> items, int page, int size, long total) {
    }
}
