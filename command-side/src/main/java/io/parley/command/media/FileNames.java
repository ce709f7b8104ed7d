package io.parley.command.media;

/**
 * A client's file name made safe to store and to show: no directories, no control or direction-changing characters
 * (an RTL override makes {@code gpj.exe} look like {@code exe.jpg}), at most 255 characters; {@code file} when
 * nothing is left.
 */
final class FileNames {

    private static final int MAX_LENGTH = 255;

    private FileNames() {
    }

    static String sanitize(String original) {
        if (original == null) {
            return "file";
        }
        String name = original.substring(Math.max(original.lastIndexOf('/'), original.lastIndexOf('\\')) + 1);
        StringBuilder safe = new StringBuilder(name.length());
        name.codePoints()
                .filter(c -> !Character.isISOControl(c) && !isDirectional(c) && Character.getType(c) != Character.FORMAT)
                .forEach(safe::appendCodePoint);
        String cleaned = safe.toString().strip();
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1);
        }
        if (cleaned.isEmpty()) {
            return "file";
        }
        return cleaned.length() <= MAX_LENGTH ? cleaned
                : cleaned.substring(0, Character.isHighSurrogate(cleaned.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH);
    }

    /** Bidirectional marks, embeddings, overrides and isolates (also caught as FORMAT; named for the reader). */
    private static boolean isDirectional(int c) {
        return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }
}
