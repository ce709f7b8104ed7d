package io.parley.api.notification;

import java.util.Locale;

/** What a notification tells (API.md "Notifications and devices"). */
public enum NotificationType {
    CONNECTION_REQUEST, CONNECTION_ACCEPTED, CALL_MISSED, CHAT_MESSAGE, GROUP_ADDED;

    /** The wire form, e.g. {@code connection:request}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT).replaceFirst("_", ":");
    }
}
