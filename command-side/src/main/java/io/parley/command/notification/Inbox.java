package io.parley.command.notification;

import io.parley.api.notification.NotificationCommands.MarkAllNotificationsRead;
import io.parley.api.notification.NotificationCommands.MarkNotificationsRead;
import io.parley.api.notification.NotificationEvents.AllNotificationsRead;
import io.parley.api.notification.NotificationEvents.NotificationsRead;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static io.parley.api.notification.NotificationCommands.inboxOf;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A user's inbox: what they have read. The notifications themselves are derived from other events by the
 * notifications projection; reading them is recorded here, so it is audited, survives a replay of that projection,
 * and every device of the user agrees. Made by the first read.
 */
@Aggregate(commandTargetResolver = "parleyCommandTargetResolver")
class Inbox {

    @AggregateIdentifier
    private String inboxId;

    Inbox() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(MarkNotificationsRead command) {
        apply(new NotificationsRead(command.userId(), command.ids().stream().distinct().toList(), command.at()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(MarkAllNotificationsRead command) {
        apply(new AllNotificationsRead(command.userId(), command.at()));
    }

    @EventSourcingHandler
    void on(NotificationsRead event) {
        inboxId = inboxOf(event.userId());
    }

    @EventSourcingHandler
    void on(AllNotificationsRead event) {
        inboxId = inboxOf(event.userId());
    }
}
