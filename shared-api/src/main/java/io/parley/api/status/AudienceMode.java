package io.parley.api.status;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Who sees a status, decided when it is seen (not when it is posted): the owner's accepted connections at that time,
 * only the listed ones among them, or all of them but the listed ones.
 */
public enum AudienceMode {
    CONNECTIONS, ONLY, EXCEPT;

    /** The wire form of API.md, e.g. {@code except}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AudienceMode> fromJson(String value) {
        return Arrays.stream(values()).filter(mode -> mode.json().equals(value)).findFirst();
    }

    /** Whether an accepted connection of the owner is in the audience. */
    public boolean includes(String connectionId, Collection<String> listed) {
        return switch (this) {
            case CONNECTIONS -> true;
            case ONLY -> listed.contains(connectionId);
            case EXCEPT -> !listed.contains(connectionId);
        };
    }
}
