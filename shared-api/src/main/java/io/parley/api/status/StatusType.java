package io.parley.api.status;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a status shows: a text on a colour, or an image or a video (with an optional caption). */
public enum StatusType {
    TEXT, IMAGE, VIDEO;

    /** The wire form of API.md, e.g. {@code image}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StatusType> fromJson(String value) {
        return Arrays.stream(values()).filter(type -> type.json().equals(value)).findFirst();
    }
}
