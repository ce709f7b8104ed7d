package io.parley.api.media;

import java.time.Instant;

public final class MediaQueries {

    private MediaQueries() {
    }

    /** The media as {@code userId} may see it; null when it does not exist or they may not see it. */
    public record FindMedia(String mediaId, String userId) {
    }

    /** API.md's media JSON. {@code kind} and {@code state} in their wire forms. */
    public record MediaView(String mediaId, String kind, String contentType, long size, String sha256,
                            String fileName, Integer width, Integer height, Double durationSeconds, String state,
                            String url, String thumbnailUrl, Instant createdAt) {
    }

    /** Bytes stored by a user (their quota's use), counting media not deleted. */
    public record FindMediaUsage(String userId) {
    }
}
