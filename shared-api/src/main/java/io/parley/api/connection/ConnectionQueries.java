package io.parley.api.connection;

public final class ConnectionQueries {

    private ConnectionQueries() {
    }

    /**
     * The caller's connections, newest first; {@code status} null for all. Answers a list of {@link ConnectionView};
     * subscribers get each changed connection as an update.
     */
    public record FindConnections(String userId, String status) {
    }

    /** One connection as {@code userId} sees it, or null when it is not theirs. */
    public record FindConnection(String connectionId, String userId) {
    }

    /** The live (pending or accepted) connection between two users, as {@code userId} sees it, or null. */
    public record FindConnectionBetween(String userId, String otherUserId) {
    }
}
