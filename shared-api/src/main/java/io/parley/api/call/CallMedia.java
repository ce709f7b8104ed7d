package io.parley.api.call;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a call carries: voice only, or voice and video. */
public enum CallMedia {
    AUDIO, VIDEO;

    /** The wire form of API.md, e.g. {@code video}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CallMedia> fromJson(String value) {
        return Arrays.stream(values()).filter(media -> media.json().equals(value)).findFirst();
    }
}
