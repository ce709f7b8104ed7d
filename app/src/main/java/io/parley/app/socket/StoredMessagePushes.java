package io.parley.app.socket;

import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.chat.ChatQueries.MessageView;
import io.parley.command.chat.MessagePushes;
import io.parley.projections.media.MediaViews;
import io.parley.projections.push.SocketPush;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The chat's {@code chat:receive} pushes of stored messages ({@link MessagePushes}): the message JSON a history read
 * gives, through the projections' ordered push thread and the push fan-out, so the members' sockets on every node get
 * it. A message with media looks its media up in the read model (the media was ready before it could be sent), on
 * the push thread, not on the chat's writer.
 */
@Component
class StoredMessagePushes implements MessagePushes.Sender {

    private final SocketPush push;
    private final MediaViews media;

    StoredMessagePushes(SocketPush push, MediaViews media) {
        this.push = push;
        this.media = media;
    }

    @Override
    public void push(MessageSent message, List<String> members) {
        push.push(message.at(), members, "chat:receive", () -> MessageView.stored(message,
                message.mediaId() == null ? null : media.of(List.of(message.mediaId())).get(message.mediaId())));
    }
}
