package io.parley.command.media;

import io.parley.api.ErrorCode;
import io.parley.api.media.MediaCommands.CompleteProcessing;
import io.parley.api.media.MediaCommands.DeleteMedia;
import io.parley.api.media.MediaCommands.FailProcessing;
import io.parley.api.media.MediaCommands.RegisterUpload;
import io.parley.api.media.MediaCommands.UseMedia;
import io.parley.api.media.MediaEvents.MediaDeleted;
import io.parley.api.media.MediaEvents.MediaFailed;
import io.parley.api.media.MediaEvents.MediaProcessed;
import io.parley.api.media.MediaEvents.MediaUploaded;
import io.parley.api.media.MediaEvents.MediaUsed;
import io.parley.api.media.MediaKind;
import io.parley.api.media.MediaUse;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * An upload: processing → ready or failed → deleted, and where it is used. An upload nothing uses within
 * {@code parley.media.orphan-ttl} is deleted by a persistent deadline.
 */
@Aggregate(commandTargetResolver = "parleyCommandTargetResolver")
class Media {

    static final String ORPHAN_CHECK = "media-orphan-check";

    private enum State { PROCESSING, READY, FAILED }

    @AggregateIdentifier
    private String mediaId;
    private String ownerId;
    private MediaKind kind;
    private State state;
    private final Set<String> uses = new HashSet<>();

    Media() {
    }

    @CommandHandler
    Media(RegisterUpload command, DeadlineManager deadlines, MediaProperties properties) {
        apply(new MediaUploaded(command.mediaId(), command.ownerId(), command.kind(), command.contentType(), command.size(),
                command.sha256(), command.fileName(), command.width(), command.height(), command.durationSeconds(), command.at()));
        deadlines.schedule(properties.orphanTtl(), ORPHAN_CHECK);
    }

    /** Repeats (a worker's batch handled again) change nothing. */
    @CommandHandler
    void handle(CompleteProcessing command) {
        if (state == State.PROCESSING) {
            apply(new MediaProcessed(mediaId, ownerId, command.thumbnail(), command.at()));
        }
    }

    @CommandHandler
    void handle(FailProcessing command) {
        if (state == State.PROCESSING) {
            apply(new MediaFailed(mediaId, ownerId, command.reason(), command.at()));
        }
    }

    /** Answers the media's kind. Another user's media is not found: ids cannot be probed. */
    @CommandHandler
    MediaKind handle(UseMedia command) {
        if (!ownerId.equals(command.userId())) {
            throw ErrorCode.MEDIA_NOT_FOUND.exception("No such media.");
        }
        if (command.use() == MediaUse.AVATAR && kind != MediaKind.IMAGE) {
            throw ErrorCode.MEDIA_TYPE_NOT_ALLOWED.exception("An avatar is an image.");
        }
        if (command.kind() != null && kind != command.kind()) {
            throw ErrorCode.MEDIA_TYPE_NOT_ALLOWED.exception("The media is of kind " + kind.json() + ", not " + command.kind().json() + ".");
        }
        if (state == State.FAILED || (state == State.PROCESSING && command.use() != MediaUse.AVATAR)) {
            throw ErrorCode.MEDIA_NOT_READY.exception(state == State.FAILED
                    ? "The media could not be processed." : "The media is still being processed.");
        }
        if (!uses.contains(command.use() + ":" + command.usedIn())) {
            apply(new MediaUsed(mediaId, command.use(), command.usedIn(), command.at()));
        }
        return kind;
    }

    @CommandHandler
    void handle(DeleteMedia command) {
        if (!ownerId.equals(command.byUserId())) {
            throw ErrorCode.MEDIA_NOT_FOUND.exception("No such media.");
        }
        apply(new MediaDeleted(mediaId, ownerId, false, command.at()));
    }

    /** Deleted unless something used it meanwhile (at the time the deadline was due). */
    @DeadlineHandler(deadlineName = ORPHAN_CHECK)
    void orphanCheck(DeadlineMessage<?> deadline) {
        if (uses.isEmpty()) {
            apply(new MediaDeleted(mediaId, ownerId, true, deadline.getTimestamp()));
        }
    }

    @EventSourcingHandler
    void on(MediaUploaded event) {
        mediaId = event.mediaId();
        ownerId = event.ownerId();
        kind = event.kind();
        state = State.PROCESSING;
    }

    @EventSourcingHandler
    void on(MediaProcessed event) {
        state = State.READY;
    }

    @EventSourcingHandler
    void on(MediaFailed event) {
        state = State.FAILED;
    }

    @EventSourcingHandler
    void on(MediaUsed event) {
        uses.add(event.use() + ":" + event.usedIn());
    }

    @EventSourcingHandler
    void on(MediaDeleted event) {
        markDeleted();
    }
}
