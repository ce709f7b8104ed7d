package io.parley.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "Notifications and devices" from outside: each source, one notification per chat while no socket is open,
 * muted chats, unread counts and reading across sessions, paging, the live inbox, and device registration. The push
 * drivers are {@link PushDriversTest}'s.
 */
class NotificationApiTest extends ApiTest {

    private JsonNode inbox(User user, String query) {
        Api.Response inbox = api().get("/api/notifications" + query, user.token());
        assertThat(inbox.status()).as(inbox.raw().body()).isEqualTo(200);
        return inbox.json();
    }

    /** The user's inbox once it satisfies {@code wanted} (the notifications worker is a projection: it follows). */
    private JsonNode inboxOnce(User user, Predicate<JsonNode> wanted) throws InterruptedException {
        return eventually(Duration.ofSeconds(10), () -> inbox(user, ""), wanted);
    }

    private static Predicate<JsonNode> has(String type) {
        return inbox -> find(inbox, type) != null;
    }

    private static JsonNode find(JsonNode inbox, String type) {
        for (JsonNode item : inbox.path("items")) {
            if (item.path("type").asString().equals(type)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void connectionRequestsAndAcceptancesAreNotifiedAndReadingOnOneSessionTellsTheOthers() throws Exception {
        User ann = named("Ann");
        User ben = named("Ben");
        String connectionId = requestConnection(ben, ann);
        JsonNode request = find(inboxOnce(ann, has("connection:request")), "connection:request");
        assertThat(request.path("title").asString()).isEqualTo("Ben");
        assertThat(request.path("body").asString()).isEqualTo("wants to connect with you");
        assertThat(request.path("data").path("connectionId").asString()).isEqualTo(connectionId);
        assertThat(request.path("data").path("userId").asString()).isEqualTo(ben.id());
        assertThat(request.path("read").asBoolean()).isFalse();
        assertThat(inbox(ann, "").path("unreadCount").asLong()).isEqualTo(1);

        api().post("/api/connections/accept", ann.token(), json("{'connectionId':'%s'}", connectionId));
        JsonNode accepted = find(inboxOnce(ben, has("connection:accepted")), "connection:accepted");
        assertThat(accepted.path("title").asString()).isEqualTo("Ann");
        assertThat(find(inbox(ann, ""), "connection:accepted")).as("the one who accepted is not told").isNull();

        String id = request.path("id").asString();
        assertThat(api().post("/api/notifications/" + id + "/read", ben.token(), null).text("code"))
                .as("someone else's").isEqualTo("notification_not_found");
        assertThat(api().post("/api/notifications/no-such-id/read", ann.token(), null).status()).isEqualTo(404);
        try (Socket phone = Socket.open(port, ann.token()); Socket laptop = Socket.open(port, ann.token())) {
            assertThat(api().post("/api/notifications/" + id + "/read", ann.token(), null).status()).isEqualTo(204);
            for (Socket session : List.of(phone, laptop)) {
                JsonNode read = session.next("notification:read").path("data");
                assertThat(read.path("ids").get(0).asString()).isEqualTo(id);
                assertThat(read.path("unreadCount").asLong()).isZero();
            }
        }
        JsonNode after = inbox(ann, "");
        assertThat(after.path("unreadCount").asLong()).isZero();
        assertThat(find(after, "connection:request").path("read").asBoolean()).isTrue();
        assertThat(api().post("/api/notifications/" + id + "/read", ann.token(), null).status()).as("again").isEqualTo(204);
    }

    @Test
    void chatMessagesMakeOneNotificationPerChatOnlyWhileNoSocketIsOpenAndNoneWhenMuted() throws Exception {
        User ann = named("Ann");
        User ben = named("Ben");
        connect(ann, ben);
        inboxOnce(ben, has("connection:request"));
        api().post("/api/notifications/read-all", ben.token(), null);
        String chatId = sendText(ann, ben.id(), "one");
        sendText(ann, chatId, "two");
        sendText(ann, chatId, "three");
        JsonNode message = find(inboxOnce(ben, inbox -> {
            JsonNode found = find(inbox, "chat:message");
            return found != null && found.path("data").path("count").asInt() == 3;
        }), "chat:message");
        assertThat(message.path("title").asString()).isEqualTo("Ann");
        assertThat(message.path("body").asString()).isEqualTo("3 new messages");
        assertThat(message.path("data").path("chatId").asString()).isEqualTo(chatId);
        assertThat(message.toString()).as("no message text in the inbox").doesNotContain("three");
        assertThat(find(inbox(ann, ""), "chat:message")).as("nor for the sender").isNull();

        try (Socket benSocket = Socket.open(port, ben.token())) {
            sendText(ann, chatId, "four");
            benSocket.next("chat:receive");
            benSocket.expectNone("notification:new", Duration.ofSeconds(1));
        }
        assertThat(find(inbox(ben, ""), "chat:message").path("data").path("count").asInt()).as("a socket was open").isEqualTo(3);

        assertThat(api().post("/api/chat/" + chatId + "/read", ben.token(), json("{'seq':4}")).status()).isEqualTo(204);
        inboxOnce(ben, inbox -> inbox.path("unreadCount").asLong() == 0);

        assertThat(api().put("/api/chat/" + chatId + "/mute", ben.token(),
                json("{'until':'%s'}", Instant.now().plusSeconds(3600))).status()).isEqualTo(204);
        sendText(ann, chatId, "while muted");
        User cy = named("Cy");
        requestConnection(cy, ben);
        JsonNode sentinel = inboxOnce(ben, inbox -> find(inbox, "connection:request").path("title").asString().equals("Cy"));
        assertThat(sentinel.path("unreadCount").asLong()).as("only the later request: the muted chat made none").isEqualTo(1);

        assertThat(api().put("/api/chat/" + chatId + "/mute", ben.token(), json("{'until':null}")).status()).isEqualTo(204);
        sendText(ann, chatId, "unmuted");
        // The inbox's items and its unread count are two reads: wait for the item, then check the count.
        JsonNode unmuted = inboxOnce(ben, inbox -> !find(inbox, "chat:message").path("read").asBoolean());
        JsonNode fresh = find(unmuted, "chat:message");
        assertThat(inbox(ben, "").path("unreadCount").asLong()).as("the request and the unmuted chat").isEqualTo(2);
        assertThat(fresh.path("body").asString()).isEqualTo("New message");
        assertThat(fresh.path("id").asString()).as("a new one: the old one was read").isNotEqualTo(message.path("id").asString());

        assertThat(api().put("/api/chat/" + chatId + "/mute", ben.token(), json("{'until':'2020-01-01T00:00:00Z'}")).text("code"))
                .isEqualTo("validation_failed");
        assertThat(api().put("/api/chat/" + chatId + "/mute", cy.token(), json("{'until':null}")).text("code"))
                .as("not a member").isEqualTo("chat_not_found");
    }

    @Test
    void beingAddedToAGroupIsNotifiedWithTheGroupsName() throws Exception {
        User ann = named("Ann");
        User ben = named("Ben");
        connect(ben, ann);
        Api.Response group = api().post("/api/chat/groups", ann.token(), json("{'name':'Hikers','memberIds':['%s']}", ben.id()));
        assertThat(group.status()).as(group.raw().body()).isEqualTo(201);
        JsonNode added = find(inboxOnce(ben, has("group:added")), "group:added");
        assertThat(added.path("title").asString()).isEqualTo("Hikers");
        assertThat(added.path("body").asString()).isEqualTo("Ann added you");
        assertThat(added.path("data").path("chatId").asString()).isEqualTo(group.text("chatId"));
        assertThat(find(inbox(ann, ""), "group:added")).isNull();
    }

    @Test
    void theInboxPagesNewestFirstFiltersUnreadAndIsReadAllAtOnce() throws Exception {
        User ann = named("Ann");
        for (int i = 0; i < 5; i++) {
            requestConnection(named("Requester " + i), ann);
        }
        inboxOnce(ann, inbox -> inbox.path("unreadCount").asLong() == 5);
        Set<String> seen = new HashSet<>();
        List<String> titles = new ArrayList<>();
        String query = "?limit=2";
        JsonNode page;
        do {
            page = inbox(ann, query);
            assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
            page.path("items").forEach(item -> {
                assertThat(seen.add(item.path("id").asString())).as("no repeats across pages").isTrue();
                titles.add(item.path("title").asString());
            });
            JsonNode items = page.path("items");
            query = "?limit=2&before=" + items.get(items.size() - 1).path("createdAt").asString();
        } while (page.path("hasMore").asBoolean());
        assertThat(titles).containsExactly("Requester 4", "Requester 3", "Requester 2", "Requester 1", "Requester 0");

        String first = inbox(ann, "").path("items").get(0).path("id").asString();
        api().post("/api/notifications/" + first + "/read", ann.token(), null);
        assertThat(inbox(ann, "?unreadOnly=true").path("items").size()).isEqualTo(4);
        try (Socket socket = Socket.open(port, ann.token())) {
            assertThat(api().post("/api/notifications/read-all", ann.token(), null).status()).isEqualTo(204);
            JsonNode read = socket.next("notification:read").path("data");
            assertThat(read.path("all").asBoolean()).isTrue();
            assertThat(read.path("unreadCount").asLong()).isZero();
        }
        assertThat(inbox(ann, "?unreadOnly=true").path("items")).isEmpty();
        assertThat(inbox(ann, "").path("unreadCount").asLong()).isZero();
        assertThat(api().get("/api/notifications?limit=0", ann.token()).text("code")).isEqualTo("validation_failed");
        assertThat(api().get("/api/notifications?before=yesterday", ann.token()).status()).isEqualTo(400);
    }

    @Test
    void theLiveInboxSendsItsFirstPageThenEachChange() throws Exception {
        User ann = named("Ann");
        User ben = named("Ben");
        try (Socket socket = Socket.open(port, ann.token())) {
            Socket.Live live = socket.subscribe("/user/queue/live/notifications");
            JsonNode snapshot = live.next();
            assertThat(snapshot.path("type").asString()).isEqualTo("snapshot");
            assertThat(snapshot.path("data").path("items")).isEmpty();
            assertThat(snapshot.path("data").path("unreadCount").asLong()).isZero();

            requestConnection(ben, ann);
            JsonNode update = live.next(data -> data.path("notification").path("type").asString().equals("connection:request"));
            assertThat(update.path("type").asString()).isEqualTo("update");
            assertThat(update.path("data").path("unreadCount").asLong()).isEqualTo(1);
            JsonNode pushed = socket.next("notification:new").path("data");
            assertThat(pushed.path("notification").path("id").asString()).isEqualTo(update.path("data").path("notification").path("id").asString());

            api().post("/api/notifications/read-all", ann.token(), null);
            JsonNode read = live.next(data -> data.path("notification").path("read").asBoolean());
            assertThat(read.path("data").path("unreadCount").asLong()).isZero();
        }
    }

    @Test
    void devicesAreRegisteredOncePerTokenListedAndDeletedByTheirOwner() {
        User ann = user();
        User ben = user();
        Api.Response fcm = api().post("/api/devices", ann.token(), json("{'platform':'fcm','token':'fcm-token-of-ann'}"));
        assertThat(fcm.status()).as(fcm.raw().body()).isEqualTo(201);
        assertThat(fcm.text("platform")).isEqualTo("fcm");
        assertThat(fcm.text("createdAt")).isNotBlank();
        assertThat(fcm.raw().body()).as("the token is not shown back").doesNotContain("fcm-token-of-ann");
        assertThat(api().post("/api/devices", ann.token(), json("{'platform':'fcm','token':'fcm-token-of-ann'}")).text("deviceId"))
                .as("the same device").isEqualTo(fcm.text("deviceId"));
        String subscription = "{'platform':'webpush','subscription':{'endpoint':'%s','keys':{'p256dh':'%s','auth':'%s'}}}";
        String p256dh = "BPzdj8OB06SepRit5FpHUsaEPfs" + "A".repeat(60);
        Api.Response web = api().post("/api/devices", ann.token(),
                json(subscription, "https://push.example.com/send/abc", p256dh.substring(0, 87), "hv2EhUZIbsWt8CJ0L5dT1A"));
        assertThat(web.status()).as(web.raw().body()).isEqualTo(201);
        assertThat(api().get("/api/devices", ann.token()).json().size()).isEqualTo(2);

        List<String[]> refused = List.of(
                new String[]{json("{'platform':'apns','token':'t'}"), "platform"},
                new String[]{json("{'platform':'fcm'}"), "token"},
                new String[]{json("{'platform':'webpush'}"), "subscription"},
                new String[]{json(subscription, "http://push.example.com/x", p256dh.substring(0, 87), "hv2EhUZIbsWt8CJ0L5dT1A"), "subscription.endpoint"},
                new String[]{json(subscription, "https://push.example.com/x", "AAAA", "hv2EhUZIbsWt8CJ0L5dT1A"), "subscription.keys.p256dh"},
                new String[]{json(subscription, "https://push.example.com/x", p256dh.substring(0, 87), "short"), "subscription.keys.auth"});
        for (String[] bad : refused) {
            Api.Response response = api().post("/api/devices", ann.token(), bad[0]);
            assertThat(response.status()).as(bad[0] + " → " + response.raw().body()).isEqualTo(400);
            assertThat(response.json().path("errors").get(0).path("field").asString()).as(bad[0]).isEqualTo(bad[1]);
        }

        assertThat(api().delete("/api/devices/" + fcm.text("deviceId"), ben.token()).text("code")).isEqualTo("device_not_found");
        Api.Response takenOver = api().post("/api/devices", ben.token(), json("{'platform':'fcm','token':'fcm-token-of-ann'}"));
        assertThat(takenOver.status()).isEqualTo(201);
        assertThat(api().get("/api/devices", ann.token()).json().size()).as("the device changed hands").isEqualTo(1);
        assertThat(api().delete("/api/devices/" + takenOver.text("deviceId"), ben.token()).status()).isEqualTo(204);
        assertThat(api().get("/api/devices", ben.token()).json()).isEmpty();
    }
}
