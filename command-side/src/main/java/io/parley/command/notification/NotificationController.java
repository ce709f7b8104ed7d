package io.parley.command.notification;

import io.parley.api.ErrorCode;
import io.parley.api.notification.NotificationCommands.MarkAllNotificationsRead;
import io.parley.api.notification.NotificationCommands.MarkNotificationsRead;
import io.parley.api.notification.NotificationQueries.FindNotification;
import io.parley.api.notification.NotificationQueries.FindNotifications;
import io.parley.api.notification.NotificationQueries.NotificationPage;
import io.parley.api.notification.NotificationQueries.NotificationView;
import io.parley.command.support.ReadModel;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static io.parley.api.notification.NotificationCommands.inboxOf;

/** API.md "Notifications and devices" writes: marking read is a command on the user's {@link Inbox}. */
@RestController
class NotificationController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModel readModel;
    private final Clock clock;

    NotificationController(CommandGateway commands, QueryGateway queries, ReadModel readModel, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.readModel = readModel;
        this.clock = clock;
    }

    /**
     * Only the user's own notification; reading one already read records nothing new. Both answer once the inbox
     * reads so (and the user's other sessions have been told).
     */
    @PostMapping("/api/notifications/{notificationId}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(Principal principal, @PathVariable String notificationId) {
        String me = principal.getName();
        NotificationView notification = queries.query(new FindNotification(notificationId, me),
                ResponseTypes.instanceOf(NotificationView.class)).join();
        if (notification == null) {
            throw ErrorCode.NOTIFICATION_NOT_FOUND.exception("No such notification.");
        }
        if (!notification.read()) {
            commands.sendAndWait(new MarkNotificationsRead(inboxOf(me), me, List.of(notificationId), clock.instant()));
            readModel.await(new FindNotification(notificationId, me), NotificationView.class, found -> found == null || found.read());
        }
    }

    @PostMapping("/api/notifications/read-all")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void readAll(Principal principal) {
        String me = principal.getName();
        Instant at = clock.instant();
        commands.sendAndWait(new MarkAllNotificationsRead(inboxOf(me), me, at));
        readModel.await(new FindNotifications(me, true, at.plusMillis(1), 1), NotificationPage.class, page -> page.items().isEmpty());
    }
}
