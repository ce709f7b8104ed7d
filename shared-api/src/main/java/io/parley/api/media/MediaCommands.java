package io.parley.api.media;

import io.parley.api.TargetId;

import java.time.Instant;

public final class MediaCommands {

    private MediaCommands() {
    }

    /** The bytes are in the media store; this records what they are. {@code width}/{@code height}/{@code durationSeconds} may be null. */
    public record RegisterUpload(@TargetId String mediaId, String ownerId, MediaKind kind, String contentType, long size,
                                 String sha256, String fileName, Integer width, Integer height, Double durationSeconds,
                                 Instant at) {
    }

    /** The worker made what it could ({@code thumbnail}: whether a thumbnail is stored). */
    public record CompleteProcessing(@TargetId String mediaId, boolean thumbnail, Instant at) {
    }

    public record FailProcessing(@TargetId String mediaId, String reason, Instant at) {
    }

    /**
     * {@code userId} puts their media to a use (in a chat, as their avatar, in a status): it must be theirs, of an
     * allowed kind ({@code kind}, when the use needs one: a status' type) and ready (an avatar may still be
     * processing). Answers the media's kind. A used media is no orphan.
     */
    public record UseMedia(@TargetId String mediaId, String userId, MediaUse use, String usedIn, MediaKind kind, Instant at) {

        /** Any kind the use allows. */
        public UseMedia(String mediaId, String userId, MediaUse use, String usedIn, Instant at) {
            this(mediaId, userId, use, usedIn, null, at);
        }
    }

    /** By the uploader ({@code byUserId}), or by the orphan clean-up (null). */
    public record DeleteMedia(@TargetId String mediaId, String byUserId, Instant at) {
    }
}
