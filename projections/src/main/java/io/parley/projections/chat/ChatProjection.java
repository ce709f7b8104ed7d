package io.parley.projections.chat;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import io.parley.api.PersonalData;
import io.parley.api.PersonalData.DataKey;
import io.parley.api.chat.ChatEvents.DirectChatStarted;
import io.parley.api.chat.ChatEvents.GroupCreated;
import io.parley.api.chat.ChatEvents.MemberAdded;
import io.parley.api.chat.ChatEvents.MemberRemoved;
import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.chat.ChatEvents.MessagesDelivered;
import io.parley.api.chat.ChatEvents.MessagesRead;
import io.parley.api.chat.ChatQueries.ChatSummary;
import io.parley.api.chat.ChatQueries.FindChatSummary;
import io.parley.api.chat.ChatQueries.FindChats;
import io.parley.api.chat.ChatQueries.FindMessage;
import io.parley.api.chat.ChatQueries.FindSentMessage;
import io.parley.api.chat.ChatQueries.MessageView;
import io.parley.api.media.MediaQueries.MediaView;
import io.parley.api.user.UserEvents.PersonalDataErased;
import io.parley.projections.batch.MessageWrites;
import io.parley.projections.live.LiveUpdates;
import io.parley.projections.media.MediaViews;
import io.parley.projections.push.SocketPush;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Chat read models: {@code messages} (one document per message, {@code _id = chatId:seq} for single-message reads;
 * the (chatId, seq) index serves history pages) and {@code chats} (one document per chat with members, watermarks and the last message;
 * the participants index serves a user's chat list). After writing, participants' sockets get the change.
 */
@Component
@ProcessingGroup(ChatProjection.GROUP)
class ChatProjection {

    static final String GROUP = "chats";
    static final String CHATS = "chats";
    static final String MESSAGES = "messages";
    /** Direct chats whose participants are remembered at most; all are forgotten at once when there are more. */
    private static final int KNOWN_DIRECT_CHATS = 100_000;

    private final MongoTemplate mongo;
    private final SocketPush push;
    private final LiveUpdates updates;
    private final MediaViews mediaViews;
    /**
     * A direct chat's participants never change, so once read they are kept: a batch of messages in known direct
     * chats needs no read of who is in them. A group's members change, so they are read each time.
     */
    private final Map<String, List<String>> directChats = new ConcurrentHashMap<>();

    ChatProjection(MongoTemplate mongo, SocketPush push, LiveUpdates updates, MediaViews mediaViews) {
        this.mongo = mongo;
        this.push = push;
        this.updates = updates;
        this.mediaViews = mediaViews;
        createIndexes();
    }

    private void createIndexes() {
        mongo.indexOps(MESSAGES).createIndex(new Index().on("chatId", Sort.Direction.ASC).on("seq", Sort.Direction.ASC).unique());
        mongo.indexOps(CHATS).createIndex(new Index().on("participants", Sort.Direction.ASC).on("updatedAt", Sort.Direction.DESC));
        mongo.indexOps(MESSAGES).createIndex(new Index().on("senderId", Sort.Direction.ASC));
    }

    @EventHandler
    void on(DirectChatStarted event) {
        createChat(event.chatId(), "direct", null, event.participants(), List.of(), event.at());
        rememberDirect(event.chatId(), event.participants());
    }

    @EventHandler
    void on(GroupCreated event) {
        createChat(event.chatId(), "group", event.name(), event.memberIds(), List.of(event.creatorId()), event.at());
        emitSummaries(event.chatId(), participants(event.chatId()));
    }

    @EventHandler
    void on(MemberAdded event) {
        mongo.updateFirst(query(where("_id").is(event.chatId())),
                new Update().addToSet("participants", event.userId()).set("updatedAt", event.at()), CHATS);
        emitSummaries(event.chatId(), participants(event.chatId()));
    }

    @EventHandler
    void on(MemberRemoved event) {
        mongo.updateFirst(query(where("_id").is(event.chatId())),
                new Update().pull("participants", event.userId()).pull("admins", event.userId()).set("updatedAt", event.at()), CHATS);
        emitSummaries(event.chatId(), participants(event.chatId()));
    }

    /**
     * Messages are written a batch at a time ({@link MessageWrites}): when the processor's batch ends or another
     * kind of event comes next, whichever is first.
     */
    @EventHandler
    void on(MessageSent event, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        MessageWrites.collect(unitOfWork, this::write, event, message);
    }

    /**
     * Writes a batch of messages in three round trips at most, whatever its size: the message documents, each chat's
     * last message, then who is in those chats (unless all are known direct chats); then lets the chats' members see
     * the media their messages carry (one update per such message); then pushes each message to its chat's
     * participants, in order, and answers whoever on this node waits to read one (a REST send's answer).
     * Messages never change, so they are inserted: one already there (a batch repeated after a crash) is left as it is.
     */
    private void write(List<MessageSent> events, List<EventMessage<?>> messages) {
        List<Document> documents = new ArrayList<>(events.size());
        Map<String, MessageSent> lastOfChat = new LinkedHashMap<>();
        for (MessageSent event : events) {
            documents.add(new Document("_id", event.chatId() + ":" + event.seq())
                    .append("messageId", event.messageId())
                    .append("chatId", event.chatId())
                    .append("seq", event.seq())
                    .append("senderId", event.senderId())
                    .append("text", event.text())
                    .append("type", event.mediaKind() == null ? "text" : event.mediaKind().json())
                    .append("mediaId", event.mediaId())
                    .append("clientMessageId", event.clientMessageId())
                    .append("sentAt", Date.from(event.at())));
            lastOfChat.put(event.chatId(), event);
        }
        insertAbsent(documents);
        mongo.getCollection(CHATS).bulkWrite(lastOfChat.values().stream().map(last -> new UpdateOneModel<Document>(
                Filters.eq("_id", last.chatId()),
                Updates.combine(Updates.set("lastSeq", last.seq()), Updates.set("updatedAt", Date.from(last.at()))))).toList());
        Map<String, List<String>> participants = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        lastOfChat.keySet().forEach(chatId -> {
            List<String> known = directChats.get(chatId);
            if (known != null) {
                participants.put(chatId, known);
            } else {
                unknown.add(chatId);
            }
        });
        if (!unknown.isEmpty()) {
            Query inChats = query(where("_id").in(unknown));
            inChats.fields().include("participants").include("type");
            mongo.find(inChats, Document.class, CHATS).forEach(chat -> participants.put(chat.getString("_id"), participants(chat)));
        }
        List<MessageSent> withMedia = events.stream().filter(event -> event.mediaId() != null).toList();
        withMedia.forEach(event -> mediaViews.shownIn(event.chatId(), event.mediaId()));
        Map<String, MediaView> media = mediaViews.of(withMedia.stream().map(MessageSent::mediaId).toList());
        boolean awaited = updates.awaited(FindMessage.class);
        boolean awaitedById = updates.awaited(FindSentMessage.class);
        for (int i = 0; i < events.size(); i++) {
            MessageSent event = events.get(i);
            // A message is "sent" until some other member's watermark passes it, which cannot have happened yet.
            MessageView view = new MessageView(event.messageId(), event.chatId(), event.seq(), event.senderId(),
                    event.mediaKind() == null ? "text" : event.mediaKind().json(), event.text(),
                    event.mediaId() == null ? null : media.get(event.mediaId()), event.clientMessageId(), event.at(), "sent");
            List<String> members = participants.getOrDefault(event.chatId(), List.of());
            push.push(messages.get(i), members, "chat:receive", () -> view);
            if (awaited) {
                updates.answer(FindMessage.class, query -> query.chatId().equals(event.chatId())
                        && query.seq() == event.seq() && members.contains(query.userId()), view);
            }
            if (awaitedById) {
                updates.answer(FindSentMessage.class, query -> query.messageId().equals(event.messageId())
                        && query.chatId().equals(event.chatId()) && members.contains(query.userId()), view);
            }
        }
        lastOfChat.keySet().forEach(chatId -> emitSummaries(chatId, participants.getOrDefault(chatId, List.of())));
    }

    @EventHandler
    void on(MessagesDelivered event, EventMessage<?> message) {
        mongo.updateFirst(query(where("_id").is(event.chatId())),
                new Update().max("delivered." + event.userId(), event.seq()), CHATS);
        tellOthers(message, event.chatId(), event.userId(), "chat:delivered", event.seq());
        emitSummaries(event.chatId(), participants(event.chatId()));
    }

    @EventHandler
    void on(MessagesRead event, EventMessage<?> message) {
        mongo.updateFirst(query(where("_id").is(event.chatId())), new Update()
                .max("read." + event.userId(), event.seq())
                .max("delivered." + event.userId(), event.seq()), CHATS);
        tellOthers(message, event.chatId(), event.userId(), "chat:read", event.seq());
        emitSummaries(event.chatId(), participants(event.chatId()));
    }

    /**
     * A user erased with their messages: every message they sent, in any chat, loses its text and reads
     * {@code type:"erased"}; the chats' live summaries follow. (In a replay their texts arrive as
     * {@value PersonalData#ERASED} first, and this event comes after all of them.)
     */
    @EventHandler
    void on(PersonalDataErased event) {
        if (!event.erased(DataKey.MESSAGES)) {
            return;
        }
        Query sent = query(where("senderId").is(event.userId()));
        List<String> chats = mongo.findDistinct(sent, "chatId", MESSAGES, String.class);
        mongo.updateMulti(sent, new Update().set("type", "erased").unset("text").unset("mediaId"), MESSAGES);
        chats.forEach(chatId -> emitSummaries(chatId, participants(chatId)));
    }

    private void insertAbsent(List<Document> documents) {
        try {
            mongo.getCollection(MESSAGES).insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
        }
    }

    /**
     * Empties the read model for a replay: the collections are dropped and made again with their indexes, at the same
     * cost however many messages they held (removing a million messages one at a time took a third of a replay).
     */
    @ResetHandler
    void reset() {
        mongo.dropCollection(CHATS);
        mongo.dropCollection(MESSAGES);
        createIndexes();
        directChats.clear();
    }

    private void createChat(String chatId, String type, String name, List<String> participants, List<String> admins, Instant at) {
        mongo.save(new Document("_id", chatId)
                .append("type", type)
                .append("name", name)
                .append("participants", participants)
                .append("admins", admins)
                .append("lastSeq", 0L)
                .append("delivered", new Document())
                .append("read", new Document())
                .append("createdAt", at)
                .append("updatedAt", at), CHATS);
    }

    private void tellOthers(EventMessage<?> cause, String chatId, String userId, String type, long seq) {
        Map<String, Object> data = Map.of("chatId", chatId, "userId", userId, "seq", seq);
        push.push(cause, participants(chatId).stream().filter(p -> !p.equals(userId)).toList(), type, () -> data);
    }

    /** Live chat lists ({@link FindChats} subscribers) get the changed chat's summary, as each member sees it. */
    private void emitSummaries(String chatId, List<String> members) {
        for (String member : members) {
            updates.changed(FindChats.class, member, new FindChatSummary(chatId, member), ChatSummary.class);
        }
    }

    private List<String> participants(String chatId) {
        List<String> known = directChats.get(chatId);
        return known != null ? known : participants(mongo.findById(chatId, Document.class, CHATS));
    }

    /** The chat document's participants (none for no document); a direct chat's are remembered. */
    @SuppressWarnings("unchecked")
    private List<String> participants(Document chat) {
        if (chat == null) {
            return List.of();
        }
        List<String> participants = (List<String>) chat.get("participants", List.class);
        if ("direct".equals(chat.getString("type"))) {
            rememberDirect(chat.getString("_id"), participants);
        }
        return participants;
    }

    private void rememberDirect(String chatId, List<String> participants) {
        if (directChats.size() >= KNOWN_DIRECT_CHATS) {
            directChats.clear();
        }
        directChats.put(chatId, List.copyOf(participants));
    }
}
