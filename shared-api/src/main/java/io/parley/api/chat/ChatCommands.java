package io.parley.api.chat;

import io.parley.api.TargetId;
import io.parley.api.media.MediaKind;

import java.time.Instant;
import java.util.List;

public final class ChatCommands {

    private ChatCommands() {
    }

    /**
     * Appends a message. For a 1:1 chat {@code directParticipants} names the two users, and the chat is started
     * by its first message; for a group it is null. Idempotent on (sender, clientMessageId).
     */
    public record SendMessage(@TargetId String chatId, String messageId, String senderId, String text,
                              String clientMessageId, List<String> directParticipants, Instant at,
                              String mediaId, MediaKind mediaKind) {
    }

    /** The answer to {@link SendMessage}: the stored message's id and seq, and whether it was a retry. */
    public record SentMessage(String messageId, long seq, boolean duplicate) {
    }

    /** Answers the member's delivered watermark after the command (it never moves back, and stops at the last seq). */
    public record MarkDelivered(@TargetId String chatId, String userId, long seq, Instant at) {
    }

    /** Answers the member's read watermark after the command. */
    public record MarkRead(@TargetId String chatId, String userId, long seq, Instant at) {
    }

    public record CreateGroup(@TargetId String chatId, String creatorId, String name, List<String> memberIds, Instant at) {
    }

    public record AddMember(@TargetId String chatId, String adminId, String userId, Instant at) {
    }

    public record RemoveMember(@TargetId String chatId, String byUserId, String userId, Instant at) {
    }

    /** A member mutes the chat for themselves until {@code until}, or unmutes it (null): no notifications meanwhile. */
    public record MuteChat(@TargetId String chatId, String userId, Instant until, Instant at) {
    }
}
