package io.parley.api.status;

import io.parley.api.LiveQuery;
import io.parley.api.media.MediaQueries.MediaView;
import io.parley.api.user.PublicUserView;

import java.time.Instant;
import java.util.List;

public final class StatusQueries {

    private StatusQueries() {
    }

    /** API.md's status JSON: {@code viewCount} for the owner, {@code seen} for a viewer (null otherwise). */
    public record StatusView(String statusId, String ownerId, String type, String text, String backgroundColor,
                             String caption, MediaView media, Instant createdAt, Instant expiresAt, Integer viewCount,
                             Boolean seen) {
    }

    /** One owner's live statuses a viewer may see (oldest first); none left when {@code statuses} is empty. */
    public record FeedEntry(PublicUserView user, List<StatusView> statuses, boolean allSeen, Instant latestAt) {
    }

    /** The statuses the user may see, by owner: owners with unseen statuses first, then the latest first. */
    public record FindStatusFeed(String userId) implements LiveQuery {
    }

    public record StatusFeed(List<FeedEntry> entries) {
    }

    /** One owner's entry in the viewer's feed (a live feed's update). */
    public record FindFeedEntry(String viewerId, String ownerId) {
    }

    /** The user's own live statuses with their view counts, oldest first. */
    public record FindMyStatuses(String userId) {
    }

    public record MyStatuses(List<StatusView> statuses) {
    }

    /** Who viewed a status, for its owner; null for anyone else or a status no longer live. */
    public record FindStatusViews(String statusId, String ownerId) {
    }

    public record StatusViewer(PublicUserView user, Instant viewedAt) {
    }

    public record StatusViews(List<StatusViewer> views) {
    }

    /** A live status as its audience sees it, and who that audience is now; null once it is gone. */
    public record FindStatusAudience(String statusId) {
    }

    public record StatusAudience(StatusView status, List<String> userIds) {
    }

    /** Whether the user is in the audience of a live status that shows the media. */
    public record MaySeeStatusMedia(String mediaId, String userId) {
    }
}
