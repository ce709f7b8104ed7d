package io.parley.api.media;

import java.util.Locale;

/** What an upload is, decided from its sniffed type; each kind has its own size limit. */
public enum MediaKind {
    IMAGE, VIDEO, AUDIO, FILE;

    /** The wire form of API.md, e.g. {@code image}; also a chat message's {@code type}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
