package io.parley.api.notification;

import java.util.Locale;

/** What a notification tells (API.md "Notifications and devices"). */
public enum NotificationType {
    CONNECTION_REQUEST, CONNECTION_ACCEPTED, CALL_MISSED, CHAT_MESSAGE, GROUP_ADDED;

    /** Worked out once: the notification worker asks for it several times per chat message. */
    private final String json = name().toLowerCase(Locale.ROOT).replaceFirst("_", ":");

    /** The wire form, e.g. {@code connection:request}. */
    public String json() {
        return json;
    }
}
