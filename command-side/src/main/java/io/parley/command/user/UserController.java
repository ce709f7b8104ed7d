package io.parley.command.user;

import io.parley.api.ErrorCode;
import io.parley.api.user.Gender;
import io.parley.api.media.MediaCommands.UseMedia;
import io.parley.api.media.MediaUse;
import io.parley.api.user.UserCommands.ChangeAvatar;
import io.parley.api.user.UserCommands.DeleteUser;
import io.parley.api.user.UserCommands.UpdateProfile;
import io.parley.api.user.UserView;
import io.parley.command.auth.IdentifierNormalizer;
import io.parley.command.auth.Identifier;
import io.parley.command.media.MediaUploads;
import io.parley.command.support.Commands;
import io.parley.command.support.ReadModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;

/** Profile changes and deletion (self and admin), and admin creation of users. Reads are the query side's. */
@RestController
@RequestMapping("/api/users")
class UserController {

    private static final String GENDERS = "male|female|non_binary|other|unspecified";

    record ProfileChange(@Size(max = 64) String name,
                         @Size(max = 140) String bio,
                         @Pattern(regexp = GENDERS, message = "must be one of " + GENDERS) String gender) {
    }

    record AvatarChoice(@NotBlank @Size(max = 64) String mediaId) {
    }

    record NewUser(@NotBlank @Size(max = 320) String identifier,
                   @Size(max = 2) String region,
                   @Size(max = 64) String name,
                   @Size(max = 140) String bio,
                   @Pattern(regexp = GENDERS, message = "must be one of " + GENDERS) String gender) {
    }

    private final CommandGateway commands;
    private final ReadModel readModel;
    private final UserAccounts accounts;
    private final IdentifierNormalizer normalizer;
    private final Clock clock;
    private final MediaUploads uploads;

    UserController(CommandGateway commands, ReadModel readModel, UserAccounts accounts,
                   IdentifierNormalizer normalizer, Clock clock, MediaUploads uploads) {
        this.uploads = uploads;
        this.commands = commands;
        this.readModel = readModel;
        this.accounts = accounts;
        this.normalizer = normalizer;
        this.clock = clock;
    }

    @PatchMapping("/me")
    UserView updateMe(Principal principal, @Valid @RequestBody ProfileChange change) {
        return update(principal.getName(), change.name(), change.bio(), change.gender());
    }

    /**
     * A new image (multipart {@code file}: PNG, JPEG or WebP up to 5 MiB), stored as the user's media first. Read on a
     * transfer thread, not a request thread (as media uploads are).
     */
    @PutMapping(value = "/me/avatar", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Callable<UserView> uploadAvatar(Principal principal, MultipartHttpServletRequest request) {
        String me = principal.getName();
        return () -> avatar(me, uploads.upload(me, request, MediaUploads.Purpose.AVATAR).mediaId());
    }

    /** An image the user uploaded before ({@code {mediaId}}). */
    @PutMapping(value = "/me/avatar", consumes = MediaType.APPLICATION_JSON_VALUE)
    UserView chooseAvatar(Principal principal, @Valid @RequestBody AvatarChoice body) {
        return avatar(principal.getName(), body.mediaId());
    }

    @DeleteMapping("/me/avatar")
    UserView removeAvatar(Principal principal) {
        return changeAvatar(principal.getName(), null);
    }

    @DeleteMapping("/me")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteMe(Principal principal, @RequestParam(defaultValue = "false") boolean eraseMessages) {
        delete(principal.getName(), principal.getName(), eraseMessages);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@Valid @RequestBody NewUser body) {
        Identifier identifier = normalizer.normalize(body.identifier(), body.region());
        String userId = accounts.register(identifier.phone(), identifier.email());
        if (body.name() == null && body.bio() == null && body.gender() == null) {
            return readModel.awaitUser(userId, Objects::nonNull);
        }
        return update(userId, body.name(), body.bio(), body.gender());
    }

    @PatchMapping("/{userId}")
    UserView updateUser(@PathVariable String userId, @Valid @RequestBody ProfileChange change) {
        return update(userId, change.name(), change.bio(), change.gender());
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteUser(Principal admin, @PathVariable String userId, @RequestParam(defaultValue = "false") boolean eraseMessages) {
        delete(userId, admin.getName(), eraseMessages);
    }

    private UserView update(String userId, String name, String bio, String gender) {
        Instant at = clock.instant();
        Gender parsed = gender == null ? null : Gender.fromJson(gender).orElseThrow();
        boolean changed = send(new UpdateProfile(userId, name, bio, parsed, at));
        return readModel.awaitUser(userId, view -> view != null && (!changed || !view.updatedAt().isBefore(at)));
    }

    private UserView avatar(String me, String mediaId) {
        Commands.send(commands, new UseMedia(mediaId, me, MediaUse.AVATAR, me, clock.instant()), ErrorCode.MEDIA_NOT_FOUND, "No such media.");
        return changeAvatar(me, mediaId);
    }

    private UserView changeAvatar(String me, String mediaId) {
        Instant at = clock.instant();
        boolean changed = send(new ChangeAvatar(me, mediaId, at));
        return readModel.awaitUser(me, view -> view != null && (!changed || !view.updatedAt().isBefore(at)));
    }

    private void delete(String userId, String byUserId, boolean eraseMessages) {
        send(new DeleteUser(userId, byUserId, eraseMessages, clock.instant()));
        readModel.awaitUser(userId, Objects::isNull);
    }

    private <R> R send(Object command) {
        return Commands.send(commands, command, ErrorCode.USER_NOT_FOUND, "No such user.");
    }
}
