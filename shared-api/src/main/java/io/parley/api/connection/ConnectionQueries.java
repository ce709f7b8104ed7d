package io.parley.api.connection;

import io.parley.api.LiveQuery;

import java.util.List;

public final class ConnectionQueries {

    private ConnectionQueries() {
    }

    /**
     * The caller's connections, newest first; {@code status} null for all. Answers a {@link ConnectionList};
     * subscribers get each changed {@link ConnectionView} as an update.
     */
    public record FindConnections(String userId, String status) implements LiveQuery {
    }

    /** A list answer in a record of its own, so that it keeps its element type between nodes (see {@code ChatList}). */
    public record ConnectionList(List<ConnectionView> connections) {
    }

    /** One connection as {@code userId} sees it, or null when it is not theirs. */
    public record FindConnection(String connectionId, String userId) {
    }

    /** The live (pending or accepted) connection between two users, as {@code userId} sees it, or null. */
    public record FindConnectionBetween(String userId, String otherUserId) {
    }
}
