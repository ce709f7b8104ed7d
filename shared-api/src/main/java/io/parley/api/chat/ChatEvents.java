package io.parley.api.chat;

import io.parley.api.PersonalData;
import io.parley.api.PersonalData.DataKey;
import io.parley.api.media.MediaKind;

import java.time.Instant;
import java.util.List;

public final class ChatEvents {

    private ChatEvents() {
    }

    public record DirectChatStarted(String chatId, List<String> participants, Instant at) {
    }

    public record GroupCreated(String chatId, String name, String creatorId, List<String> memberIds, Instant at) {
    }

    /**
     * {@code text} is the message, or a media message's caption (then optional). {@code mediaId} and
     * {@code mediaKind} are null for a text message (and in messages stored before media existed).
     */
    public record MessageSent(String chatId, String messageId, long seq, String senderId,
                              @PersonalData(subject = "senderId", key = DataKey.MESSAGES) String text,
                              String clientMessageId, Instant at, String mediaId, MediaKind mediaKind) {
    }

    /** {@code userId} has received every message up to {@code seq}. */
    public record MessagesDelivered(String chatId, String userId, long seq, Instant at) {
    }

    /** {@code userId} has read every message up to {@code seq} (which implies delivered). */
    public record MessagesRead(String chatId, String userId, long seq, Instant at) {
    }

    public record MemberAdded(String chatId, String userId, String byUserId, Instant at) {
    }

    public record MemberRemoved(String chatId, String userId, String byUserId, Instant at) {
    }

    /** {@code until}: null when the member unmuted the chat. */
    public record ChatMuted(String chatId, String userId, Instant until, Instant at) {
    }
}
