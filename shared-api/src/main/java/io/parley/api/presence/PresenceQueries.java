package io.parley.api.presence;

public final class PresenceQueries {

    private PresenceQueries() {
    }

    /** Whether the user has a socket open now, on any node: answers a Boolean. */
    public record HasOpenSocket(String userId) {
    }
}
