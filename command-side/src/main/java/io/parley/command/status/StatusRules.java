package io.parley.command.status;

import io.parley.api.ParleyException;
import io.parley.api.status.AudienceMode;
import io.parley.api.status.StatusCommands.PostStatus;
import io.parley.api.status.StatusType;
import io.parley.command.connection.ConnectedUsers;
import org.springframework.stereotype.Component;

import java.util.regex.Pattern;

/**
 * What a new status must be: a text status has a text and may have a colour; an image or video status has media (the
 * media itself checks it is the owner's, ready and of the right kind) and may have a caption; a listed audience are
 * the owner's accepted connections. The {@link Status} applies them; the controller too, before it puts any media to
 * the status' use, so a refused status leaves no media marked as used.
 */
@Component
class StatusRules {

    static final int MAX_TEXT = 700;
    static final int MAX_AUDIENCE = 1000;
    private static final Pattern COLOUR = Pattern.compile("#[0-9A-Fa-f]{6}");

    private final ConnectedUsers connections;

    StatusRules(ConnectedUsers connections) {
        this.connections = connections;
    }

    void check(PostStatus command) {
        if (command.type() == StatusType.TEXT) {
            require(command.text() != null && !command.text().isBlank() && command.text().length() <= MAX_TEXT,
                    "text", "must be 1 to " + MAX_TEXT + " characters for a text status");
            require(command.mediaId() == null && command.caption() == null, "mediaId", "a text status has no media nor caption");
            require(command.backgroundColor() == null || COLOUR.matcher(command.backgroundColor()).matches(),
                    "backgroundColor", "must be a colour like #1E88E5");
        } else {
            require(command.mediaId() != null, "mediaId", "is needed for an " + command.type().json() + " status");
            require(command.text() == null && command.backgroundColor() == null, "text",
                    "an " + command.type().json() + " status has a caption, not a text nor a background colour");
            require(command.caption() == null || command.caption().length() <= MAX_TEXT, "caption",
                    "must be at most " + MAX_TEXT + " characters");
        }
        boolean everyConnection = command.audienceMode() == AudienceMode.CONNECTIONS;
        require(everyConnection == command.audienceIds().isEmpty(), "audience.userIds",
                everyConnection ? "lists nobody for the connections audience" : "lists at least one connection");
        require(command.audienceIds().size() <= MAX_AUDIENCE, "audience.userIds", "lists at most " + MAX_AUDIENCE + " users");
        require(command.audienceIds().stream().allMatch(id -> !id.equals(command.ownerId()) && connections.accepted(command.ownerId(), id)),
                "audience.userIds", "must list your accepted connections only");
    }

    private static void require(boolean valid, String field, String message) {
        if (!valid) {
            throw ParleyException.invalid(field, message);
        }
    }
}
