package io.parley.api.user;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum Gender {
    MALE, FEMALE, NON_BINARY, OTHER, UNSPECIFIED;

    /** The wire form of API.md, e.g. {@code non_binary}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Gender> fromJson(String value) {
        return Arrays.stream(values()).filter(g -> g.json().equals(value)).findFirst();
    }
}
