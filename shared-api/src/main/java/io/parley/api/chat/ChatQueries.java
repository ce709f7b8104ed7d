package io.parley.api.chat;

import io.parley.api.LiveQuery;
import io.parley.api.media.MediaQueries.MediaView;

import java.time.Instant;
import java.util.List;

public final class ChatQueries {

    private ChatQueries() {
    }

    /** The member's own delivered/read watermarks in a chat ({@link Receipts}), or null for non-members. */
    public record FindReceipts(String chatId, String userId) {
    }

    public record Receipts(long delivered, long read) {
    }

    /** A chat as {@code userId} may see it, or null when it does not exist or the user is not a member. */
    public record FindChat(String chatId, String userId) {
    }

    /** One message by its seq, as {@code userId} (a member) sees it; null otherwise. */
    public record FindMessage(String chatId, long seq, String userId) {
    }

    /**
     * One message by its id, as {@code userId} (a member) sees it; null otherwise. Its sender can wait on it before
     * the message is stored, when its seq is not known yet.
     */
    public record FindSentMessage(String chatId, String messageId, String userId) {
    }

    /**
     * A page of messages in ascending seq: the newest {@code limit} without bounds, the oldest {@code limit} after
     * {@code after}, or the newest {@code limit} before {@code before}. Null when the user is not a member.
     */
    public record FindChatMessages(String chatId, String userId, Long before, Long after, int limit) {
    }

    /**
     * The user's chats, newest activity first: a {@link ChatList}. Subscribers get each changed chat's
     * {@link ChatSummary} as an update.
     */
    public record FindChats(String userId) implements LiveQuery {
    }

    /**
     * A list answer in a record of its own: a bare list loses its element type on the way between nodes (Axon Server
     * hands back a list of maps, which no longer converts to a list of summaries).
     */
    public record ChatList(List<ChatSummary> chats) {
    }

    /** One chat's summary as {@code userId} sees it, or null when the user is not a member. */
    public record FindChatSummary(String chatId, String userId) {
    }

    /** API.md's chat JSON (groups and 1:1 alike). */
    public record ChatView(String chatId, String type, String name, List<String> participants, List<String> admins) {
    }

    /** API.md's message JSON; {@code status} is sent, delivered or read, from the other members' watermarks. */
    /** {@code media} is null for a text message, and once the media was deleted. */
    public record MessageView(String messageId, String chatId, long seq, String senderId, String type, String text,
                              MediaView media, String clientMessageId, Instant sentAt, String status) {
    }

    public record MessagePage(String chatId, List<MessageView> messages, boolean hasMore) {
    }

    public record ChatSummary(String chatId, String type, String name, List<String> participants, MessageView lastMessage,
                              long unreadCount, Instant updatedAt) {
    }
}
