package io.parley.query.chat;

import io.parley.api.chat.ChatQueries.ChatSummary;
import io.parley.api.chat.ChatQueries.ChatView;
import io.parley.api.chat.ChatQueries.FindChat;
import io.parley.api.chat.ChatQueries.FindChatSummary;
import io.parley.api.chat.ChatQueries.FindChatMessages;
import io.parley.api.chat.ChatQueries.ChatList;
import io.parley.api.chat.ChatQueries.FindChats;
import io.parley.api.chat.ChatQueries.FindMessage;
import io.parley.api.chat.ChatQueries.FindReceipts;
import io.parley.api.chat.ChatQueries.FindSentMessage;
import io.parley.api.chat.ChatQueries.Receipts;
import io.parley.api.chat.ChatQueries.MessagePage;
import io.parley.api.chat.ChatQueries.MessageView;
import io.parley.api.media.MediaQueries.MediaView;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Reads of {@code chats} and {@code messages}; a user who is not a member gets null, as if the chat did not exist. */
@Component
class ChatQueryHandler {

    private static final String CHATS = "chats";
    private static final String MESSAGES = "messages";
    private static final String MEDIA = "media";

    private final MongoTemplate mongo;

    ChatQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    ChatView handle(FindChat query) {
        Document chat = memberChat(query.chatId(), query.userId());
        return chat == null ? null : new ChatView(chat.getString("_id"), chat.getString("type"), chat.getString("name"),
                strings(chat, "participants"), strings(chat, "admins"));
    }

    @QueryHandler
    MessageView handle(FindMessage query) {
        return memberMessage(query.chatId(), query.userId(), query(where("_id").is(query.chatId() + ":" + query.seq())));
    }

    /** Found among the chat's messages (the (chatId, seq) index narrows it to them). */
    @QueryHandler
    MessageView handle(FindSentMessage query) {
        return memberMessage(query.chatId(), query.userId(),
                query(where("chatId").is(query.chatId()).and("messageId").is(query.messageId())));
    }

    /** The one message {@code message} finds, as the member sees it; null for a non-member or no message. */
    private MessageView memberMessage(String chatId, String userId, Query message) {
        Document chat = memberChat(chatId, userId);
        if (chat == null) {
            return null;
        }
        Document found = mongo.findOne(message, Document.class, MESSAGES);
        return found == null ? null : views(List.of(found), chat).get(0);
    }

    @QueryHandler
    MessagePage handle(FindChatMessages query) {
        Document chat = memberChat(query.chatId(), query.userId());
        if (chat == null) {
            return null;
        }
        Criteria criteria = where("chatId").is(query.chatId());
        boolean forward = query.after() != null && query.before() == null;
        if (query.after() != null && query.before() != null) {
            criteria = criteria.and("seq").gt(query.after()).lt(query.before());
        } else if (query.after() != null) {
            criteria = criteria.and("seq").gt(query.after());
        } else if (query.before() != null) {
            criteria = criteria.and("seq").lt(query.before());
        }
        Query page = new Query(criteria)
                .with(Sort.by(forward ? Sort.Direction.ASC : Sort.Direction.DESC, "seq"))
                .limit(query.limit() + 1);
        List<Document> found = new ArrayList<>(mongo.find(page, Document.class, MESSAGES));
        boolean hasMore = found.size() > query.limit();
        if (hasMore) {
            found.remove(found.size() - 1);
        }
        if (!forward) {
            Collections.reverse(found);
        }
        return new MessagePage(query.chatId(), views(found, chat), hasMore);
    }

    @QueryHandler
    ChatList handle(FindChats query) {
        Query mine = query(where("participants").is(query.userId())).with(Sort.by(Sort.Direction.DESC, "updatedAt"));
        return new ChatList(mongo.find(mine, Document.class, CHATS).stream().map(chat -> summary(chat, query.userId())).toList());
    }

    @QueryHandler
    Receipts handle(FindReceipts query) {
        Document chat = memberChat(query.chatId(), query.userId());
        return chat == null ? null : new Receipts(watermark(chat, "delivered", query.userId()), watermark(chat, "read", query.userId()));
    }

    @QueryHandler
    ChatSummary handle(FindChatSummary query) {
        Document chat = memberChat(query.chatId(), query.userId());
        return chat == null ? null : summary(chat, query.userId());
    }

    private ChatSummary summary(Document chat, String userId) {
        String chatId = chat.getString("_id");
        Document last = mongo.findOne(query(where("chatId").is(chatId)).with(Sort.by(Sort.Direction.DESC, "seq")), Document.class, MESSAGES);
        long readUpTo = watermark(chat, "read", userId);
        long unread = mongo.count(query(where("chatId").is(chatId).and("seq").gt(readUpTo).and("senderId").ne(userId)), MESSAGES);
        return new ChatSummary(chatId, chat.getString("type"), chat.getString("name"), strings(chat, "participants"),
                last == null ? null : views(List.of(last), chat).get(0), unread, chat.get("updatedAt", Date.class).toInstant());
    }

    private Document memberChat(String chatId, String userId) {
        return mongo.findOne(query(where("_id").is(chatId).and("participants").is(userId)), Document.class, CHATS);
    }

    /** The messages as API.md shows them, each with its media (null once deleted), fetched in one read. */
    private List<MessageView> views(List<Document> messages, Document chat) {
        List<String> mediaIds = messages.stream().map(m -> m.getString("mediaId")).filter(java.util.Objects::nonNull).toList();
        Map<String, MediaView> media = new HashMap<>();
        if (!mediaIds.isEmpty()) {
            mongo.find(query(where("_id").in(mediaIds)), Document.class, MEDIA)
                    .forEach(m -> media.put(m.getString("_id"), mongo.getConverter().read(MediaView.class, m)));
        }
        return messages.stream().map(m -> view(m, chat, m.getString("mediaId") == null ? null : media.get(m.getString("mediaId")))).toList();
    }

    /** sent → delivered → read, as far as every other member's watermark has passed the message. */
    private static MessageView view(Document message, Document chat, MediaView media) {
        long seq = ((Number) message.get("seq")).longValue();
        String sender = message.getString("senderId");
        List<String> others = strings(chat, "participants").stream().filter(p -> !p.equals(sender)).toList();
        String status = others.isEmpty() ? "sent"
                : others.stream().allMatch(p -> watermark(chat, "read", p) >= seq) ? "read"
                : others.stream().allMatch(p -> watermark(chat, "delivered", p) >= seq) ? "delivered" : "sent";
        // Messages written before erasure existed, and all not erased, have no type: text.
        return new MessageView(message.getString("messageId"), message.getString("chatId"), seq, sender,
                message.get("type", "text"), message.getString("text"), media, message.getString("clientMessageId"),
                message.get("sentAt", Date.class).toInstant(), status);
    }

    private static long watermark(Document chat, String kind, String userId) {
        Document marks = chat.get(kind, Document.class);
        Object value = marks == null ? null : marks.get(userId);
        return value instanceof Number n ? n.longValue() : 0L;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Document document, String field) {
        List<String> values = (List<String>) document.get(field, List.class);
        return values == null ? List.of() : values;
    }
}
