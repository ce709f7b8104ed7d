package io.parley.command.status;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.api.status.AudienceMode;
import io.parley.api.status.StatusCommands.DeleteStatus;
import io.parley.api.status.StatusCommands.PostStatus;
import io.parley.api.status.StatusCommands.ViewStatus;
import io.parley.api.status.StatusEvents.StatusDeleted;
import io.parley.api.status.StatusEvents.StatusExpired;
import io.parley.api.status.StatusEvents.StatusPosted;
import io.parley.api.status.StatusEvents.StatusViewed;
import io.parley.command.connection.ConnectedUsers;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A status story: posted → expired (a persistent deadline, {@code parley.status.ttl} later) or deleted. Its audience
 * is decided at each view from the owner's accepted connections then. To anyone outside it, and once it is gone, it
 * does not exist ({@code status_not_found}, never a 403 that would tell it does).
 */
@Aggregate(commandTargetResolver = "parleyCommandTargetResolver")
class Status {

    static final String EXPIRY = "status-expiry";

    @AggregateIdentifier
    private String statusId;
    private String ownerId;
    private AudienceMode audienceMode;
    private Set<String> audienceIds;
    private Instant expiresAt;
    private boolean live;
    private final Set<String> viewers = new HashSet<>();

    Status() {
    }

    @CommandHandler
    Status(PostStatus command, StatusRules rules, DeadlineManager deadlines, StatusProperties properties) {
        rules.check(command);
        Instant expiresAt = command.at().plus(properties.ttl());
        apply(new StatusPosted(command.statusId(), command.ownerId(), command.type(), command.text(), command.backgroundColor(),
                command.mediaId(), command.caption(), command.audienceMode(), List.copyOf(command.audienceIds()),
                command.at(), expiresAt));
        deadlines.schedule(expiresAt, EXPIRY);
    }

    /**
     * The owner's own views and a viewer's repeats change nothing. Past its expiry time a status is gone, even if its
     * deadline has not run yet.
     */
    @CommandHandler
    void handle(ViewStatus command, ConnectedUsers connections) {
        boolean current = live && command.at().isBefore(expiresAt);
        if (command.viewerId().equals(ownerId) && current) {
            return;
        }
        if (!current || !audienceMode.includes(command.viewerId(), audienceIds) || !connections.accepted(ownerId, command.viewerId())) {
            throw notFound();
        }
        if (viewers.add(command.viewerId())) {
            apply(new StatusViewed(statusId, ownerId, command.viewerId(), command.at()));
        }
    }

    @CommandHandler
    void handle(DeleteStatus command, DeadlineManager deadlines) {
        if (!live || !ownerId.equals(command.userId())) {
            throw notFound();
        }
        deadlines.cancelAllWithinScope(EXPIRY);
        apply(new StatusDeleted(statusId, ownerId, command.at()));
    }

    @DeadlineHandler(deadlineName = EXPIRY)
    void expire(DeadlineMessage<?> deadline) {
        if (live) {
            apply(new StatusExpired(statusId, ownerId, deadline.getTimestamp()));
        }
    }

    @EventSourcingHandler
    void on(StatusPosted event) {
        statusId = event.statusId();
        ownerId = event.ownerId();
        audienceMode = event.audienceMode();
        audienceIds = Set.copyOf(event.audienceIds());
        expiresAt = event.expiresAt();
        live = true;
    }

    @EventSourcingHandler
    void on(StatusViewed event) {
        viewers.add(event.viewerId());
    }

    @EventSourcingHandler
    void on(StatusDeleted event) {
        live = false;
    }

    @EventSourcingHandler
    void on(StatusExpired event) {
        live = false;
    }

    private static ParleyException notFound() {
        return ErrorCode.STATUS_NOT_FOUND.exception("No such status.");
    }
}
