package io.parley.api.user;

import io.parley.api.PersonalData;
import io.parley.api.PersonalData.DataKey;

import java.time.Instant;
import java.util.List;

public final class UserEvents {

    private UserEvents() {
    }

    public record UserRegistered(String userId,
                                 @PersonalData(subject = "userId") String phone,
                                 @PersonalData(subject = "userId") String email,
                                 Instant at) {
    }

    /** The profile as it is after the change (all three fields, so a projection needs no earlier state). */
    public record ProfileUpdated(String userId,
                                 @PersonalData(subject = "userId") String name,
                                 @PersonalData(subject = "userId") String bio,
                                 Gender gender, Instant at) {
    }

    /** The user's avatar is now this media (an image of theirs), or none ({@code mediaId} null). */
    public record AvatarChanged(String userId, String mediaId, Instant at) {
    }

    public record UserDeleted(String userId, Instant at) {
    }

    /**
     * The user's data keys were destroyed (right after {@link UserDeleted}): every field sealed under them now reads
     * {@value PersonalData#ERASED}. Says who erased whom, when, and which keys; holds no personal data itself.
     */
    public record PersonalDataErased(String userId, String erasedBy, List<ErasedKey> keys, Instant at) {

        public boolean erased(DataKey key) {
            return keys.stream().anyMatch(erased -> erased.key() == key);
        }
    }

    /** A destroyed key: which of the user's keys, and the id the sealed fields name. */
    public record ErasedKey(DataKey key, String keyId) {
    }
}
