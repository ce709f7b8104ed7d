package io.parley.command.status;

import io.parley.api.ErrorCode;
import io.parley.api.media.MediaCommands.UseMedia;
import io.parley.api.media.MediaKind;
import io.parley.api.media.MediaUse;
import io.parley.api.status.AudienceMode;
import io.parley.api.status.StatusCommands.DeleteStatus;
import io.parley.api.status.StatusCommands.PostStatus;
import io.parley.api.status.StatusCommands.ViewStatus;
import io.parley.api.status.StatusQueries.FindMyStatuses;
import io.parley.api.status.StatusQueries.MyStatuses;
import io.parley.api.status.StatusQueries.StatusView;
import io.parley.api.status.StatusType;
import io.parley.command.support.Commands;
import io.parley.command.support.ReadModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** API.md "Status stories" writes: post, delete, view. Reads (feed, mine, views) are the query side's. */
@RestController
class StatusController {

    /** The rules between the fields (what each type needs) are {@link StatusRules}. */
    record NewStatus(@NotBlank @Pattern(regexp = "text|image|video", message = "must be text, image or video") String type,
                     @Size(max = StatusRules.MAX_TEXT) String text, @Size(max = 7) String backgroundColor,
                     @Size(max = 64) String mediaId, @Size(max = StatusRules.MAX_TEXT) String caption, @Valid Audience audience) {
    }

    record Audience(@NotBlank @Pattern(regexp = "connections|only|except", message = "must be connections, only or except") String mode,
                    @Size(max = StatusRules.MAX_AUDIENCE) List<@NotBlank @Size(max = 64) String> userIds) {
    }

    private final CommandGateway commands;
    private final StatusRules rules;
    private final ReadModel readModel;
    private final Clock clock;

    StatusController(CommandGateway commands, StatusRules rules, ReadModel readModel, Clock clock) {
        this.commands = commands;
        this.rules = rules;
        this.readModel = readModel;
        this.clock = clock;
    }

    /**
     * An image or video status first puts the media to the status' use (it must be the caller's, ready, and of the
     * type's kind), then posts; the answer is the status as the caller's {@code mine} shows it.
     */
    @PostMapping("/api/status")
    @ResponseStatus(HttpStatus.CREATED)
    StatusView post(Principal principal, @Valid @RequestBody NewStatus body) {
        String me = principal.getName();
        String statusId = UUID.randomUUID().toString();
        Instant at = clock.instant();
        StatusType type = StatusType.fromJson(body.type()).orElseThrow();
        AudienceMode mode = body.audience() == null ? AudienceMode.CONNECTIONS : AudienceMode.fromJson(body.audience().mode()).orElseThrow();
        List<String> listed = body.audience() == null || body.audience().userIds() == null ? List.of()
                : body.audience().userIds().stream().distinct().toList();
        PostStatus post = new PostStatus(statusId, me, type, body.text(), body.backgroundColor(), body.mediaId(),
                body.caption(), mode, listed, at);
        rules.check(post);
        if (type != StatusType.TEXT) {
            MediaKind kind = type == StatusType.IMAGE ? MediaKind.IMAGE : MediaKind.VIDEO;
            Commands.send(commands, new UseMedia(body.mediaId(), me, MediaUse.STATUS, statusId, kind, at),
                    ErrorCode.MEDIA_NOT_FOUND, "No such media.");
        }
        commands.sendAndWait(post);
        return readModel.await(new FindMyStatuses(me), MyStatuses.class, mine -> shows(mine, statusId))
                .statuses().stream().filter(status -> status.statusId().equals(statusId)).findFirst().orElseThrow();
    }

    /** Answers once the status is gone from the reads (and so its media from its audience). */
    @DeleteMapping("/api/status/{statusId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Principal principal, @PathVariable String statusId) {
        String me = principal.getName();
        send(new DeleteStatus(statusId, me, clock.instant()));
        readModel.await(new FindMyStatuses(me), MyStatuses.class, mine -> !shows(mine, statusId));
    }

    @PostMapping("/api/status/{statusId}/view")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void view(Principal principal, @PathVariable String statusId) {
        send(new ViewStatus(statusId, principal.getName(), clock.instant()));
    }

    private static boolean shows(MyStatuses mine, String statusId) {
        return mine.statuses().stream().anyMatch(status -> status.statusId().equals(statusId));
    }

    private void send(Object command) {
        Commands.send(commands, command, ErrorCode.STATUS_NOT_FOUND, "No such status.");
    }
}
