package io.parley.api.status;

import io.parley.api.PersonalData;

import java.time.Instant;
import java.util.List;

/** Events of a status. Its text and caption are the owner's personal data. */
public final class StatusEvents {

    private StatusEvents() {
    }

    public record StatusPosted(String statusId, String ownerId, StatusType type,
                               @PersonalData(subject = "ownerId") String text, String backgroundColor, String mediaId,
                               @PersonalData(subject = "ownerId") String caption, AudienceMode audienceMode,
                               List<String> audienceIds, Instant createdAt, Instant expiresAt) {
    }

    public record StatusViewed(String statusId, String ownerId, String viewerId, Instant at) {
    }

    public record StatusDeleted(String statusId, String ownerId, Instant at) {
    }

    /** Its time ran out (the persistent expiry deadline). */
    public record StatusExpired(String statusId, String ownerId, Instant at) {
    }
}
