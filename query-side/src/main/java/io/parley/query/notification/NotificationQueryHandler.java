package io.parley.query.notification;

import io.parley.api.notification.NotificationQueries.FindNotification;
import io.parley.api.notification.NotificationQueries.FindNotificationChange;
import io.parley.api.notification.NotificationQueries.FindNotifications;
import io.parley.api.notification.NotificationQueries.FindUnreadCount;
import io.parley.api.notification.NotificationQueries.LiveNotifications;
import io.parley.api.notification.NotificationQueries.NotificationChange;
import io.parley.api.notification.NotificationQueries.NotificationPage;
import io.parley.api.notification.NotificationQueries.NotificationSnapshot;
import io.parley.api.notification.NotificationQueries.NotificationView;
import io.parley.api.notification.NotificationType;
import io.parley.api.user.UserView;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Reads of the {@code notifications} inbox. Titles and bodies are written here, from the people and groups involved
 * as they are now: a renamed user shows their new name, an erased one shows as "Someone". A chat message's text is
 * never in the inbox (only a device push may carry it, with previews on).
 */
@Component
class NotificationQueryHandler {

    private static final String NOTIFICATIONS = "notifications";
    private static final String CHATS = "notification_chats";
    private static final String USERS = "users";
    private static final int FIRST_PAGE = 50;

    private final MongoTemplate mongo;

    NotificationQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    NotificationPage handle(FindNotifications query) {
        Criteria mine = where("userId").is(query.userId());
        if (query.unreadOnly()) {
            mine = mine.and("read").is(false);
        }
        if (query.before() != null) {
            mine = mine.and("createdAt").lt(Date.from(query.before()));
        }
        List<Document> found = new ArrayList<>(mongo.find(new Query(mine).with(Sort.by(Sort.Direction.DESC, "createdAt"))
                .limit(query.limit() + 1), Document.class, NOTIFICATIONS));
        boolean hasMore = found.size() > query.limit();
        if (hasMore) {
            found.remove(found.size() - 1);
        }
        return new NotificationPage(views(found), unread(query.userId()), hasMore);
    }

    @QueryHandler
    NotificationSnapshot handle(LiveNotifications query) {
        NotificationPage first = handle(new FindNotifications(query.userId(), false, null, FIRST_PAGE));
        return new NotificationSnapshot(first.items(), first.unreadCount());
    }

    @QueryHandler
    NotificationView handle(FindNotification query) {
        Document found = mongo.findOne(query(where("_id").is(query.notificationId()).and("userId").is(query.userId())),
                Document.class, NOTIFICATIONS);
        return found == null ? null : views(List.of(found)).get(0);
    }

    @QueryHandler
    NotificationChange handle(FindNotificationChange query) {
        NotificationView notification = handle(new FindNotification(query.notificationId(), query.userId()));
        return notification == null ? null : new NotificationChange(notification, unread(query.userId()));
    }

    @QueryHandler
    Long handle(FindUnreadCount query) {
        return unread(query.userId());
    }

    private long unread(String userId) {
        return mongo.count(query(where("userId").is(userId).and("read").is(false)), NOTIFICATIONS);
    }

    /** Each with its title and body, the names and group names read once for all of them. */
    private List<NotificationView> views(List<Document> notifications) {
        Map<String, String> names = new HashMap<>();
        mongo.find(query(where("_id").in(notifications.stream().map(n -> n.getString("actorId")).filter(Objects::nonNull).toList())),
                UserView.class, USERS).forEach(user -> names.put(user.id(), user.name()));
        Map<String, Document> chats = new HashMap<>();
        mongo.find(query(where("_id").in(notifications.stream().map(n -> n.getString("chatId")).filter(Objects::nonNull).toList())),
                Document.class, CHATS).forEach(chat -> chats.put(chat.getString("_id"), chat));
        return notifications.stream().map(n -> view(n, name(names.get(n.getString("actorId"))), chats.get(n.getString("chatId")))).toList();
    }

    private static String name(String name) {
        return name == null || name.isBlank() ? "Someone" : name;
    }

    private static NotificationView view(Document n, String actor, Document chat) {
        String type = n.getString("type");
        Map<String, Object> data = new LinkedHashMap<>();
        for (String field : List.of("connectionId", "callId", "chatId", "messageId")) {
            if (n.getString(field) != null) {
                data.put(field, n.getString(field));
            }
        }
        data.put("userId", n.getString("actorId"));
        String title = actor;
        String body;
        if (type.equals(NotificationType.CONNECTION_REQUEST.json())) {
            body = "wants to connect with you";
        } else if (type.equals(NotificationType.CONNECTION_ACCEPTED.json())) {
            body = "accepted your connection request";
        } else if (type.equals(NotificationType.CALL_MISSED.json())) {
            title = "Missed call";
            body = "from " + actor;
        } else if (type.equals(NotificationType.GROUP_ADDED.json())) {
            title = groupName(chat);
            body = actor + " added you";
        } else {
            int count = n.getInteger("count", 1);
            data.put("count", count);
            boolean group = chat != null && chat.getBoolean("group", false);
            title = group ? groupName(chat) : actor;
            String one = n.getString("mediaKind") == null ? "New message" : "New " + n.getString("mediaKind");
            body = (group ? actor + ": " : "") + (count == 1 ? one : count + " new messages");
        }
        return new NotificationView(n.getString("_id"), type, title, body, data, n.getBoolean("read", false),
                n.getDate("createdAt").toInstant());
    }

    private static String groupName(Document chat) {
        return chat == null || chat.getString("name") == null ? "A group" : chat.getString("name");
    }
}
