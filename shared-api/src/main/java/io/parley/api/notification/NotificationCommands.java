package io.parley.api.notification;

import io.parley.api.TargetId;

import java.time.Instant;
import java.util.List;

/** Reading notifications is a command on the user's inbox, so that it is audited and every device of theirs agrees. */
public final class NotificationCommands {

    private NotificationCommands() {
    }

    /** {@code inboxId}: {@link #inboxOf} the user. {@code ids}: their notifications (checked by the caller). */
    public record MarkNotificationsRead(@TargetId String inboxId, String userId, List<String> ids, Instant at) {
    }

    /** Every notification the user has up to {@code at}. */
    public record MarkAllNotificationsRead(@TargetId String inboxId, String userId, Instant at) {
    }

    /** A user's inbox is an aggregate of its own, beside the user: aggregate ids share one space in the event store. */
    public static String inboxOf(String userId) {
        return "inbox:" + userId;
    }
}
