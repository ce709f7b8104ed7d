package io.parley.command.media;

import io.parley.api.ErrorCode;
import io.parley.api.media.MediaCommands.DeleteMedia;
import io.parley.api.media.MediaQueries.MediaView;
import io.parley.command.support.Commands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import java.security.Principal;
import java.time.Clock;
import java.util.concurrent.Callable;

/** API.md "Media" writes: upload and delete. Downloads and info are the query side's. */
@RestController
class MediaController {

    private final MediaUploads uploads;
    private final CommandGateway commands;
    private final Clock clock;

    MediaController(MediaUploads uploads, CommandGateway commands, Clock clock) {
        this.uploads = uploads;
        this.commands = commands;
        this.clock = clock;
    }

    /**
     * The declared length is checked before the body is read (the multipart request is parsed lazily). Read on a
     * transfer thread, not a request thread: a slow upload must not hold one of the few request threads.
     */
    @PostMapping(value = "/api/media", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    Callable<MediaView> upload(Principal principal, MultipartHttpServletRequest request) {
        String me = principal.getName();
        return () -> uploads.upload(me, request, MediaUploads.Purpose.MEDIA);
    }

    @DeleteMapping("/api/media/{mediaId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Principal principal, @PathVariable String mediaId) {
        Commands.send(commands, new DeleteMedia(mediaId, principal.getName(), clock.instant()),
                ErrorCode.MEDIA_NOT_FOUND, "No such media.");
    }
}
