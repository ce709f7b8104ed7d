package io.parley.api.status;

import io.parley.api.TargetId;

import java.time.Instant;
import java.util.List;

public final class StatusCommands {

    private StatusCommands() {
    }

    /**
     * {@code text} and {@code backgroundColor} for a text status; {@code mediaId} (already put to the status' use, so
     * the owner's ready media of the type's kind) and {@code caption} for an image or a video. {@code audienceIds}:
     * the listed users of {@code only}/{@code except} (empty for {@code connections}).
     */
    public record PostStatus(@TargetId String statusId, String ownerId, StatusType type, String text,
                             String backgroundColor, String mediaId, String caption, AudienceMode audienceMode,
                             List<String> audienceIds, Instant at) {
    }

    /** By someone in the audience; counted once per viewer, and never for the owner. */
    public record ViewStatus(@TargetId String statusId, String viewerId, Instant at) {
    }

    /** By the owner. */
    public record DeleteStatus(@TargetId String statusId, String userId, Instant at) {
    }
}
