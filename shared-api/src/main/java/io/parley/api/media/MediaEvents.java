package io.parley.api.media;

import io.parley.api.PersonalData;

import java.time.Instant;

/** Events of a media: metadata and uses only; the bytes live in the media store. */
public final class MediaEvents {

    private MediaEvents() {
    }

    public record MediaUploaded(String mediaId, String ownerId, MediaKind kind, String contentType, long size,
                                String sha256, @PersonalData(subject = "ownerId") String fileName,
                                Integer width, Integer height, Double durationSeconds, Instant at) {
    }

    public record MediaProcessed(String mediaId, String ownerId, boolean thumbnail, Instant at) {
    }

    public record MediaFailed(String mediaId, String ownerId, String reason, Instant at) {
    }

    /** {@code usedIn}: the chat's id, the status' id, or the user's id for an avatar. */
    public record MediaUsed(String mediaId, MediaUse use, String usedIn, Instant at) {
    }

    /** {@code orphan}: nothing used it within the orphan time, so the clean-up deleted it. */
    public record MediaDeleted(String mediaId, String ownerId, boolean orphan, Instant at) {
    }
}
