package io.parley.command.user;

import io.parley.api.user.Gender;
import io.parley.api.user.UserCommands.ChangeAvatar;
import io.parley.api.user.UserCommands.DeleteUser;
import io.parley.api.user.UserCommands.RegisterUser;
import io.parley.api.user.UserCommands.UpdateProfile;
import io.parley.api.user.UserEvents.AvatarChanged;
import io.parley.api.user.UserEvents.ErasedKey;
import io.parley.api.user.UserEvents.PersonalDataErased;
import io.parley.api.user.UserEvents.ProfileUpdated;
import io.parley.api.user.UserEvents.UserDeleted;
import io.parley.api.user.UserEvents.UserRegistered;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A user's identity and profile. Registration and deletion go through {@link UserCommandHandler}, which keeps
 * the identifier look-up table in the same transaction; the profile rules live here.
 */
@Aggregate(commandTargetResolver = "parleyCommandTargetResolver")
class User {

    @AggregateIdentifier
    private String userId;
    private String name;
    private String bio;
    private Gender gender;
    private String avatarMediaId;

    User() {
    }

    User(RegisterUser command) {
        apply(new UserRegistered(command.userId(), command.phone(), command.email(), command.at()));
    }

    /** Answers whether anything changed; an update that changes nothing records nothing. */
    @CommandHandler
    boolean handle(UpdateProfile command) {
        String newName = command.name() == null ? name : blankToNull(command.name());
        String newBio = command.bio() == null ? bio : blankToNull(command.bio());
        Gender newGender = command.gender() == null ? gender : command.gender();
        if (Objects.equals(newName, name) && Objects.equals(newBio, bio) && newGender == gender) {
            return false;
        }
        apply(new ProfileUpdated(userId, newName, newBio, newGender, command.at()));
        return true;
    }

    /** Answers whether anything changed. */
    @CommandHandler
    boolean handle(ChangeAvatar command) {
        if (Objects.equals(command.mediaId(), avatarMediaId)) {
            return false;
        }
        apply(new AvatarChanged(userId, command.mediaId(), command.at()));
        return true;
    }

    /** Deletion, then the erasure of the keys the handler destroyed (listed even when there were none). */
    void delete(DeleteUser command, List<ErasedKey> erasedKeys) {
        apply(new UserDeleted(userId, command.at()));
        apply(new PersonalDataErased(userId, command.byUserId(), erasedKeys, command.at()));
    }

    @EventSourcingHandler
    void on(UserRegistered event) {
        userId = event.userId();
    }

    @EventSourcingHandler
    void on(ProfileUpdated event) {
        name = event.name();
        bio = event.bio();
        gender = event.gender();
    }

    @EventSourcingHandler
    void on(AvatarChanged event) {
        avatarMediaId = event.mediaId();
    }

    @EventSourcingHandler
    void on(UserDeleted event) {
        markDeleted();
    }

    private static String blankToNull(String value) {
        String trimmed = value.strip();
        return trimmed.isEmpty() ? null : trimmed;
    }
}
