package io.parley.api.notification;

import java.time.Instant;
import java.util.List;

public final class NotificationEvents {

    private NotificationEvents() {
    }

    public record NotificationsRead(String userId, List<String> ids, Instant at) {
    }

    /** Every notification the user had at {@code at}. */
    public record AllNotificationsRead(String userId, Instant at) {
    }
}
