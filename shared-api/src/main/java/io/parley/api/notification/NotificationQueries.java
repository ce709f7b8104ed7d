package io.parley.api.notification;

import io.parley.api.LiveQuery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

public final class NotificationQueries {

    private NotificationQueries() {
    }

    /**
     * API.md's notification JSON. {@code title} and {@code body} are written when read, from the people and chats
     * involved as they are now (a renamed or erased user reads as such); {@code data} holds the ids a client needs.
     */
    public record NotificationView(String id, String type, String title, String body, Map<String, Object> data,
                                   boolean read, Instant createdAt) {
    }

    /** Newest first; {@code before}: the {@code createdAt} of the last one of the previous page. */
    public record FindNotifications(String userId, boolean unreadOnly, Instant before, int limit) {
    }

    public record NotificationPage(List<NotificationView> items, long unreadCount, boolean hasMore) {
    }

    /** One of the user's notifications; null for anyone else's. */
    public record FindNotification(String notificationId, String userId) {
    }

    /** The live inbox: a first page and the unread count, then {@link NotificationChange}s. */
    public record LiveNotifications(String userId) implements LiveQuery {
    }

    public record NotificationSnapshot(List<NotificationView> items, long unreadCount) {
    }

    /** A notification as it is now, with the user's unread count (a live inbox's update, a push's data). */
    public record FindNotificationChange(String notificationId, String userId) {
    }

    public record NotificationChange(NotificationView notification, long unreadCount) {
    }

    public record FindUnreadCount(String userId) {
    }
}
