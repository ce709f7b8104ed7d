package io.parley.app;

import io.parley.app.live.LiveQueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md "Live queries" over STOMP: snapshot, ordered updates, authorisation, cancellation, no leaks. */
class LiveQueryTest extends ApiTest {

    @Autowired
    LiveQueryGateway liveQueries;

    @Test
    void theChatListStartsWithASnapshotAndThenFollowsEveryChange() throws Exception {
        User ann = user();
        User ben = user();
        api().post("/api/connections/accept", ann.token(), json("{'connectionId':'%s'}", requestConnection(ben, ann)));
        String chatId = api().post("/api/chat/send", ben.token(), json("{'to':'%s','text':'before'}", ann.id())).text("chatId");

        try (Socket socket = Socket.open(port, ann.token())) {
            Socket.Live chats = socket.subscribe("/user/queue/live/chats");
            JsonNode snapshot = chats.next();
            assertThat(snapshot.path("type").asString()).isEqualTo("snapshot");
            assertThat(snapshot.path("data")).isEqualTo(api().get("/api/chat/user/" + ann.id(), ann.token()).json());

            api().post("/api/chat/send", ben.token(), json("{'to':'%s','text':'after'}", chatId));
            JsonNode update = chats.next(data -> data.path("lastMessage").path("text").asString().equals("after"));
            assertThat(update.path("type").asString()).isEqualTo("update");
            assertThat(update.path("data").path("chatId").asString()).isEqualTo(chatId);
            assertThat(update.path("data").path("lastMessage").path("text").asString()).isEqualTo("after");
            assertThat(update.path("data").path("unreadCount").asLong()).isEqualTo(2);
        }
    }

    @Test
    void theConnectionListFollowsRequestsAnswersAndProfileChanges() throws Exception {
        User ann = user();
        User ben = user();
        try (Socket socket = Socket.open(port, ann.token())) {
            Socket.Live connections = socket.subscribe("/user/queue/live/connections");
            assertThat(connections.next().path("data").size()).isZero();

            String connectionId = requestConnection(ben, ann);
            JsonNode pending = connections.next(data -> data.path("status").asString().equals("pending"));
            assertThat(pending.path("type").asString()).isEqualTo("update");
            assertThat(pending.path("data").path("status").asString()).isEqualTo("pending");
            assertThat(pending.path("data").path("direction").asString()).isEqualTo("incoming");

            api().post("/api/connections/accept", ann.token(), json("{'connectionId':'%s'}", connectionId));
            assertThat(connections.next(data -> data.path("status").asString().equals("accepted"))).isNotNull();

            api().patch("/api/users/me", ben.token(), json("{'name':'Ben Renamed'}"));
            JsonNode renamed = connections.next(data -> data.path("user").path("name").asString().equals("Ben Renamed"));
            assertThat(renamed.path("data").path("user").path("name").asString()).isEqualTo("Ben Renamed");
            assertThat(renamed.path("data")).isEqualTo(api().get("/api/connections", ann.token()).json().get(0));
        }
    }

    @Test
    void aProfileShowsExactlyTheViewTheCallerIsAllowed() throws Exception {
        User ann = user();
        User ben = user();
        try (Socket socket = Socket.open(port, ann.token())) {
            Socket.Live own = socket.subscribe("/user/queue/live/users/" + ann.id());
            assertThat(own.next().path("data").path("email").asString()).endsWith("@example.com");

            Socket.Live other = socket.subscribe("/user/queue/live/users/" + ben.id());
            JsonNode snapshot = other.next();
            assertThat(snapshot.path("data").propertyNames()).containsExactlyInAnyOrder("id", "name", "bio", "avatarUrl");
            api().patch("/api/users/me", ben.token(), json("{'bio':'new bio'}"));
            JsonNode update = other.next(data -> data.path("bio").asString().equals("new bio"));
            assertThat(update.path("data").path("bio").asString()).isEqualTo("new bio");
            assertThat(update.path("data").has("email")).isFalse();

            socket.subscribe("/user/queue/live/users/no-such-user");
            assertThat(socket.nextError().path("code").asString()).isEqualTo("user_not_found");
            socket.subscribe("/user/queue/live/everything");
            assertThat(socket.nextError().path("code").asString()).isEqualTo("not_found");
            socket.subscribe("/queue/live/chats-user" + ben.id());
            assertThat(socket.nextError().path("code").asString()).as("no subscribing to others' resolved queues").isEqualTo("forbidden");
            socket.subscribe("/topic/anything");
            assertThat(socket.nextError().path("code").asString()).isEqualTo("forbidden");
        }
    }

    @Test
    void aBurstOf500ConcurrentChangesArrivesCompleteAndEndsAsRestSeesIt() throws Exception {
        User ann = user();
        try (Socket socket = Socket.open(port, ann.token())) {
            Socket.Live me = socket.subscribe("/user/queue/live/users/" + ann.id());
            me.next();
            ExecutorService writers = Executors.newFixedThreadPool(6);
            for (int i = 1; i <= 500; i++) {
                int n = i;
                writers.submit(() -> api().patch("/api/users/me", ann.token(), json("{'bio':'b%d'}", n)));
            }
            writers.shutdown();
            assertThat(writers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();

            Set<String> bios = new HashSet<>();
            JsonNode last = null;
            while (bios.size() < 500) {
                last = me.next(data -> data.path("bio").asString().startsWith("b")).path("data");
                assertThat(bios.add(last.path("bio").asString())).as("no change twice").isTrue();
            }
            assertThat(bios).as("every change, none lost or repeated").hasSize(500);
            assertThat(last).isEqualTo(api().get("/api/users/me", ann.token()).json());
        }
    }

    @Test
    void updatesArriveInTheOrderTheReadModelChanged() throws Exception {
        User ann = user();
        try (Socket socket = Socket.open(port, ann.token())) {
            Socket.Live me = socket.subscribe("/user/queue/live/users/" + ann.id());
            me.next();
            for (int i = 1; i <= 40; i++) {
                api().patch("/api/users/me", ann.token(), json("{'bio':'s%d'}", i));
            }
            assertThat(me.next(data -> data.path("bio").asString().startsWith("s")).path("data").path("bio").asString()).isEqualTo("s1");
            for (int i = 2; i <= 40; i++) {
                assertThat(me.next().path("data").path("bio").asString()).isEqualTo("s" + i);
            }
        }
    }

    @Test
    void subscriptionsCloseOnUnsubscribeAndWhenSessionsEndSoNoneLeak() throws Exception {
        User ann = user();
        int before = settledCount();
        Socket.Live single;
        try (Socket socket = Socket.open(port, ann.token())) {
            single = socket.subscribe("/user/queue/live/chats");
            single.next();
            single.subscription().unsubscribe();
            awaitActive(before);

            String[] destinations = {"/user/queue/live/chats", "/user/queue/live/connections", "/user/queue/live/users/" + ann.id()};
            for (int s = 0; s < 10; s++) {
                Socket session = Socket.open(port, ann.token());
                for (int i = 0; i < 100; i++) {
                    session.subscribe(destinations[i % destinations.length]);
                }
                awaitActive(before + destinations.length);
                session.close();
                awaitActive(before);
            }
        }
        awaitActive(before);
    }

    /** Sessions of earlier tests close asynchronously: the count once it has not moved for half a second. */
    private int settledCount() throws InterruptedException {
        int count = liveQueries.activeCount();
        for (long stableSince = System.currentTimeMillis(); System.currentTimeMillis() - stableSince < 500; ) {
            Thread.sleep(20);
            int now = liveQueries.activeCount();
            if (now != count) {
                count = now;
                stableSince = System.currentTimeMillis();
            }
        }
        return count;
    }

    private void awaitActive(int expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (liveQueries.activeCount() != expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(liveQueries.activeCount()).isEqualTo(expected);
    }
}
