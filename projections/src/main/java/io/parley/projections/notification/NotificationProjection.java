package io.parley.projections.notification;

import io.parley.api.call.CallEvents.CallMissed;
import io.parley.api.chat.ChatEvents.ChatMuted;
import io.parley.api.chat.ChatEvents.DirectChatStarted;
import io.parley.api.chat.ChatEvents.GroupCreated;
import io.parley.api.chat.ChatEvents.MemberAdded;
import io.parley.api.chat.ChatEvents.MemberRemoved;
import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.chat.ChatEvents.MessagesRead;
import io.parley.api.connection.ConnectionEvents.ConnectionAccepted;
import io.parley.api.connection.ConnectionEvents.ConnectionRequested;
import io.parley.api.notification.DevicePushes;
import io.parley.api.notification.DevicePushes.DevicePush;
import io.parley.api.notification.NotificationEvents.AllNotificationsRead;
import io.parley.api.notification.NotificationEvents.NotificationsRead;
import io.parley.api.notification.NotificationQueries.FindNotificationChange;
import io.parley.api.notification.NotificationQueries.FindUnreadCount;
import io.parley.api.notification.NotificationQueries.LiveNotifications;
import io.parley.api.notification.NotificationQueries.NotificationChange;
import io.parley.api.notification.NotificationType;
import io.parley.api.presence.PresenceQueries.HasOpenSocket;
import io.parley.api.user.UserEvents.UserDeleted;
import io.parley.projections.batch.MessageWrites;
import io.parley.projections.live.LiveUpdates;
import io.parley.projections.push.SocketPush;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The notification worker: turns events into the {@code notifications} inbox of each user (a connection request or
 * acceptance, a missed call, being added to a group, and chat messages while the recipient has no socket open, one
 * notification per chat counting its messages), and applies what the users read. It keeps its own copy of each
 * chat's members and mutes ({@code notification_chats}), so it decides in its own order of events. After each change
 * the user's sockets get {@code notification:new} or {@code notification:read}, their live inboxes the change, and,
 * with no socket open, their devices the push.
 * <p>Notifications other than chat messages have ids derived from their cause, so a replay rebuilds them with the
 * read marks the inbox events give. A chat message's notification depends on whether a socket was open when it was
 * handled: only recent events make one, so a replay rebuilds none (the messages themselves are in the chats).
 */
@Component
@ProcessingGroup(NotificationProjection.GROUP)
class NotificationProjection {

    static final String GROUP = "notifications";
    static final String NOTIFICATIONS = "notifications";
    static final String CHATS = "notification_chats";
    /** The unit of work's resource holding the chats its messages need (see {@link #chat}). */
    private static final String BATCH_CHATS = NotificationProjection.class.getName() + ".chats";
    /** The unit of work's resource holding whom it found online (see {@link #online(String, UnitOfWork)}). */
    private static final String BATCH_ONLINE = NotificationProjection.class.getName() + ".online";

    private final MongoTemplate mongo;
    private final QueryGateway queries;
    private final SocketPush push;
    private final LiveUpdates updates;
    private final DevicePushes devices;
    private final Clock clock;
    private final Duration maxAge;

    NotificationProjection(MongoTemplate mongo, QueryGateway queries, SocketPush push, LiveUpdates updates,
                           DevicePushes devices, Clock clock, @Value("${parley.push.max-age:60s}") Duration maxAge) {
        this.mongo = mongo;
        this.queries = queries;
        this.push = push;
        this.updates = updates;
        this.devices = devices;
        this.clock = clock;
        this.maxAge = maxAge;
        mongo.indexOps(NOTIFICATIONS).createIndex(new Index().on("userId", Sort.Direction.ASC).on("createdAt", Sort.Direction.DESC));
        mongo.indexOps(NOTIFICATIONS).createIndex(new Index().on("userId", Sort.Direction.ASC).on("chatId", Sort.Direction.ASC));
    }

    @EventHandler
    void on(ConnectionRequested event, EventMessage<?> message) {
        notify(message, event.ownerId(), NotificationType.CONNECTION_REQUEST, event.connectionId(),
                new Document("actorId", event.requesterId()).append("connectionId", event.connectionId()));
    }

    @EventHandler
    void on(ConnectionAccepted event, EventMessage<?> message) {
        notify(message, event.requesterId(), NotificationType.CONNECTION_ACCEPTED, event.connectionId(),
                new Document("actorId", event.ownerId()).append("connectionId", event.connectionId()));
    }

    /** The callee missed it; the caller knows (the call ended for them too). */
    @EventHandler
    void on(CallMissed event, EventMessage<?> message) {
        notify(message, event.calleeId(), NotificationType.CALL_MISSED, event.callId(),
                new Document("actorId", event.callerId()).append("callId", event.callId()));
    }

    @EventHandler
    void on(DirectChatStarted event, UnitOfWork<?> unitOfWork) {
        mongo.upsert(query(where("_id").is(event.chatId())),
                new Update().set("group", false).set("participants", event.participants()), CHATS);
        chatsChanged(unitOfWork);
    }

    @EventHandler
    void on(GroupCreated event, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        mongo.upsert(query(where("_id").is(event.chatId())),
                new Update().set("group", true).set("name", event.name()).set("participants", event.memberIds()), CHATS);
        chatsChanged(unitOfWork);
        event.memberIds().stream().filter(member -> !member.equals(event.creatorId())).forEach(member ->
                notify(message, member, NotificationType.GROUP_ADDED, event.chatId(),
                        new Document("actorId", event.creatorId()).append("chatId", event.chatId())));
    }

    @EventHandler
    void on(MemberAdded event, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        mongo.updateFirst(query(where("_id").is(event.chatId())), new Update().addToSet("participants", event.userId()), CHATS);
        chatsChanged(unitOfWork);
        if (!event.userId().equals(event.byUserId())) {
            notify(message, event.userId(), NotificationType.GROUP_ADDED, event.chatId() + ":" + event.at(),
                    new Document("actorId", event.byUserId()).append("chatId", event.chatId()));
        }
    }

    @EventHandler
    void on(MemberRemoved event, UnitOfWork<?> unitOfWork) {
        mongo.updateFirst(query(where("_id").is(event.chatId())),
                new Update().pull("participants", event.userId()).unset("muted." + event.userId()), CHATS);
        chatsChanged(unitOfWork);
    }

    @EventHandler
    void on(ChatMuted event, UnitOfWork<?> unitOfWork) {
        Update update = event.until() == null ? new Update().unset("muted." + event.userId())
                : new Update().set("muted." + event.userId(), Date.from(event.until()));
        mongo.updateFirst(query(where("_id").is(event.chatId())), update, CHATS);
        chatsChanged(unitOfWork);
    }

    /**
     * Each other member without a socket open, who has not muted the chat, gets the chat's unread notification made
     * or counted up (with the latest sender and message). Written a batch at a time ({@link MessageWrites}).
     */
    @EventHandler
    void on(MessageSent event, EventMessage<?> message, UnitOfWork<?> unitOfWork) {
        MessageWrites.collect(unitOfWork, this::write, event, message);
    }

    /**
     * One round trip per member and chat of the batch, however many of its messages they get: the chat's unread
     * notification counted up by that many, or a new one with the id its first message gives; then one announcement
     * of it, as the last of those messages leaves it.
     */
    private void write(List<MessageSent> events, List<EventMessage<?>> messages) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        Map<List<String>, Unread> unread = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            MessageSent event = events.get(i);
            Document chat = recent(messages.get(i)) ? chat(event.chatId(), unitOfWork) : null;
            if (chat == null) {
                continue;
            }
            Document muted = chat.get("muted", Document.class);
            for (String member : chat.getList("participants", String.class)) {
                Date mutedUntil = muted == null ? null : muted.getDate(member);
                if (!member.equals(event.senderId()) && (mutedUntil == null || !mutedUntil.toInstant().isAfter(event.at()))
                        && !online(member, unitOfWork)) {
                    unread.computeIfAbsent(List.of(member, event.chatId()), key -> new Unread(member, event))
                            .add(event, messages.get(i));
                }
            }
        }
        unread.values().forEach(this::write);
    }

    private void write(Unread unread) {
        MessageSent last = unread.last;
        Query query = query(where("userId").is(unread.member).and("chatId").is(last.chatId())
                .and("type").is(NotificationType.CHAT_MESSAGE.json()).and("read").is(false));
        query.fields().include("_id");
        Document notification = mongo.findAndModify(query, new Update()
                        .setOnInsert("_id", idFor(NotificationType.CHAT_MESSAGE, unread.first.messageId(), unread.member))
                        .set("actorId", last.senderId()).set("messageId", last.messageId())
                        .set("mediaKind", last.mediaKind() == null ? null : last.mediaKind().json())
                        .inc("count", unread.count).set("createdAt", Date.from(last.at())),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, NOTIFICATIONS);
        announce(unread.lastMessage, unread.member, notification.getString("_id"), last.chatId(), last.text());
    }

    /** A member's unread messages of one chat within a batch. */
    private static final class Unread {
        private final String member;
        private final MessageSent first;
        private MessageSent last;
        private EventMessage<?> lastMessage;
        private int count;

        Unread(String member, MessageSent first) {
            this.member = member;
            this.first = first;
        }

        void add(MessageSent event, EventMessage<?> message) {
            last = event;
            lastMessage = message;
            count++;
        }
    }

    /** Reading a chat (on any device) reads its notification too. */
    @EventHandler
    void on(MessagesRead event, EventMessage<?> message) {
        List<String> ids = mongo.find(query(where("userId").is(event.userId()).and("chatId").is(event.chatId())
                .and("type").is(NotificationType.CHAT_MESSAGE.json()).and("read").is(false)), Document.class, NOTIFICATIONS)
                .stream().map(found -> found.getString("_id")).toList();
        markRead(message, event.userId(), ids, false);
    }

    @EventHandler
    void on(NotificationsRead event, EventMessage<?> message) {
        List<String> ids = mongo.find(query(where("_id").in(event.ids()).and("userId").is(event.userId()).and("read").is(false)),
                Document.class, NOTIFICATIONS).stream().map(found -> found.getString("_id")).toList();
        markRead(message, event.userId(), ids, false);
    }

    @EventHandler
    void on(AllNotificationsRead event, EventMessage<?> message) {
        List<String> ids = mongo.find(query(where("userId").is(event.userId()).and("read").is(false)
                .and("createdAt").lte(Date.from(event.at()))), Document.class, NOTIFICATIONS)
                .stream().map(found -> found.getString("_id")).toList();
        markRead(message, event.userId(), ids, true);
    }

    @EventHandler
    void on(UserDeleted event) {
        mongo.remove(query(where("userId").is(event.userId())), NOTIFICATIONS);
        devices.forget(event.userId());
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), NOTIFICATIONS);
        mongo.remove(new Query(), CHATS);
    }

    /**
     * The chat's members and mutes as this event finds them. The chats of a batch's messages are read together, in
     * one round trip at its first message that needs one (a read per message was most of this processor's work
     * under load); a change to a chat, which this projection alone makes and in the events' order, drops what was
     * read, so a later message of the batch reads again.
     */
    private Document chat(String chatId, UnitOfWork<?> unitOfWork) {
        Map<String, Document> read = unitOfWork.getResource(BATCH_CHATS);
        if (read == null || !read.containsKey(chatId)) {
            Set<String> ids = new HashSet<>();
            ids.add(chatId);
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch) {
                batch.getMessages().stream().filter(m -> MessageSent.class.equals(m.getPayloadType()))
                        .forEach(m -> ids.add(((MessageSent) m.getPayload()).chatId()));
            }
            read = new HashMap<>();
            for (String id : ids) {
                read.put(id, null);
            }
            for (Document chat : mongo.find(query(where("_id").in(ids)), Document.class, CHATS)) {
                read.put(chat.getString("_id"), chat);
            }
            unitOfWork.resources().put(BATCH_CHATS, read);
        }
        return read.get(chatId);
    }

    private static void chatsChanged(UnitOfWork<?> unitOfWork) {
        unitOfWork.resources().remove(BATCH_CHATS);
    }

    /** A notification with an id derived from its cause: made once, also when the event is handled again. */
    private void notify(EventMessage<?> cause, String userId, NotificationType type, String causeId, Document fields) {
        String id = idFor(type, causeId, userId);
        if (mongo.exists(query(where("_id").is(id)), NOTIFICATIONS)) {
            return;
        }
        mongo.save(fields.append("_id", id).append("userId", userId).append("type", type.json()).append("read", false)
                .append("createdAt", Date.from(cause.getTimestamp())), NOTIFICATIONS);
        announce(cause, userId, id, null, null);
    }

    /**
     * The user's sockets if one is open now, else their devices, and their live inbox; not for events of a replay or
     * a catch-up. Asked after the notification is stored, so a socket opened later finds it in the inbox. The change
     * is read back only by what takes it: a user with no socket, no live inbox and no device costs no query.
     */
    private void announce(EventMessage<?> cause, String userId, String id, String collapseKey, String text) {
        if (!recent(cause)) {
            return;
        }
        if (online(userId)) {
            push.push(cause, userId, "notification:new", () -> change(id, userId));
        } else {
            devices.send(userId, () -> devicePush(id, userId, collapseKey, text));
        }
        updates.changed(LiveNotifications.class, userId, new FindNotificationChange(id, userId), NotificationChange.class);
    }

    /** What the user's devices show, as the inbox holds the notification now (null once it is gone). */
    private DevicePush devicePush(String id, String userId, String collapseKey, String text) {
        NotificationChange change = change(id, userId);
        if (change == null) {
            return null;
        }
        Map<String, String> data = new LinkedHashMap<>();
        change.notification().data().forEach((key, value) -> data.put(key, String.valueOf(value)));
        return new DevicePush(id, change.notification().type(), change.notification().title(),
                change.notification().body(), text, data, collapseKey);
    }

    private void markRead(EventMessage<?> cause, String userId, List<String> ids, boolean all) {
        if (ids.isEmpty()) {
            return;
        }
        mongo.updateMulti(query(where("_id").in(ids)), new Update().set("read", true).set("readAt", Date.from(cause.getTimestamp())),
                NOTIFICATIONS);
        push.push(cause, userId, "notification:read", () -> {
            long unread = queries.query(new FindUnreadCount(userId), ResponseTypes.instanceOf(Long.class)).join();
            return all ? Map.of("all", true, "unreadCount", unread) : Map.of("ids", ids, "unreadCount", unread);
        });
        if (recent(cause)) {
            ids.forEach(id -> updates.changed(LiveNotifications.class, userId, new FindNotificationChange(id, userId), NotificationChange.class));
        }
    }

    private NotificationChange change(String id, String userId) {
        return queries.query(new FindNotificationChange(id, userId), ResponseTypes.instanceOf(NotificationChange.class)).join();
    }

    private boolean online(String userId) {
        return Boolean.TRUE.equals(queries.query(new HasOpenSocket(userId), ResponseTypes.instanceOf(Boolean.class)).join());
    }

    /**
     * Whether the user has a socket open, asked once per user in a batch: its events are handled within
     * milliseconds, and a message to someone who just went offline is caught up on at reconnect either way.
     */
    private boolean online(String userId, UnitOfWork<?> unitOfWork) {
        Map<String, Boolean> found = unitOfWork.getOrComputeResource(BATCH_ONLINE, key -> new HashMap<>());
        return found.computeIfAbsent(userId, this::online);
    }

    private boolean recent(EventMessage<?> event) {
        return !event.getTimestamp().isBefore(clock.instant().minus(maxAge));
    }

    private static String idFor(NotificationType type, String causeId, String userId) {
        return UUID.nameUUIDFromBytes((type.json() + "\n" + causeId + "\n" + userId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
