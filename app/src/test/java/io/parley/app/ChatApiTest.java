package io.parley.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

class ChatApiTest extends ApiTest {

    private Api.Response send(User from, String to, String text) {
        return api().post("/api/chat/send", from.token(), json("{'to':'%s','text':'%s'}", to, text));
    }

    private List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    @Test
    void connectedUsersChatWithGaplessSeqsIdempotentRetriesAndReceipts() {
        User ann = user();
        User ben = user();
        connect(ben, ann);

        Api.Response first = api().post("/api/chat/send", ann.token(), json("{'to':'%s','text':'hi Ben','clientMessageId':'c-1'}", ben.id()));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("seq").asLong()).isEqualTo(1);
        assertThat(first.text("type")).isEqualTo("text");
        assertThat(first.text("senderId")).isEqualTo(ann.id());
        assertThat(first.text("status")).isEqualTo("sent");
        String chatId = first.text("chatId");

        Api.Response retry = api().post("/api/chat/send", ann.token(), json("{'to':'%s','text':'hi Ben','clientMessageId':'c-1'}", ben.id()));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.text("messageId")).isEqualTo(first.text("messageId"));

        Api.Response reply = send(ben, chatId, "hello Ann");
        assertThat(reply.json().path("seq").asLong()).isEqualTo(2);
        assertThat(send(ben, ann.id(), "same chat by user id").text("chatId")).isEqualTo(chatId);

        Api.Response history = api().get("/api/chat/" + chatId, ann.token());
        assertThat(seqs(history.json())).containsExactly(1L, 2L, 3L);
        assertThat(history.json().path("hasMore").asBoolean()).isFalse();

        Api.Response summaries = api().get("/api/chat/user/" + ann.id(), ann.token());
        assertThat(summaries.json().get(0).path("chatId").asString()).isEqualTo(chatId);
        assertThat(summaries.json().get(0).path("unreadCount").asLong()).isEqualTo(2);
        assertThat(summaries.json().get(0).path("lastMessage").path("seq").asLong()).isEqualTo(3);

        assertThat(api().post("/api/chat/" + chatId + "/delivered", ben.token(), json("{'seq':1}")).status()).isEqualTo(204);
        assertThat(api().get("/api/chat/" + chatId + "?after=0&limit=1", ann.token()).json().path("messages").get(0).path("status").asString())
                .isEqualTo("delivered");
        api().post("/api/chat/" + chatId + "/read", ben.token(), json("{'seq':1}"));
        api().post("/api/chat/" + chatId + "/read", ann.token(), json("{'seq':3}"));
        api().post("/api/chat/" + chatId + "/delivered", ben.token(), json("{'seq':0}"));
        JsonNode after = api().get("/api/chat/" + chatId, ann.token()).json();
        assertThat(after.path("messages").get(0).path("status").asString()).as("watermarks never move back").isEqualTo("read");
        assertThat(api().get("/api/chat/user/" + ann.id(), ann.token()).json().get(0).path("unreadCount").asLong()).isZero();
    }

    @Test
    void onlyConnectedUsersAndMembersMayWriteOrRead() {
        User ann = user();
        User ben = user();
        User eve = user();
        connect(ben, ann);
        String chatId = send(ann, ben.id(), "private").text("chatId");

        Api.Response notConnected = send(eve, ann.id(), "hi");
        assertThat(notConnected.status()).isEqualTo(403);
        assertThat(notConnected.text("code")).isEqualTo("not_connected");
        assertThat(send(eve, chatId, "let me in").text("code")).isEqualTo("chat_not_found");
        assertThat(api().get("/api/chat/" + chatId, eve.token()).text("code")).isEqualTo("chat_not_found");
        assertThat(api().post("/api/chat/" + chatId + "/read", eve.token(), json("{'seq':1}")).text("code")).isEqualTo("chat_not_found");
        assertThat(api().get("/api/chat/user/" + ann.id(), eve.token()).status()).isEqualTo(403);
        assertThat(send(ann, "no-such-chat", "x").text("code")).isEqualTo("chat_not_found");
        assertThat(api().post("/api/chat/" + ben.id() + "/read", ann.token(), json("{'seq':1}")).text("code"))
                .as("another aggregate's id is no chat").isEqualTo("chat_not_found");

        assertThat(send(ann, ben.id(), "").text("code")).isEqualTo("validation_failed");
        assertThat(send(ann, ben.id(), "x".repeat(4097)).text("code")).isEqualTo("validation_failed");
        assertThat(send(ann, ben.id(), "x".repeat(4096)).status()).isEqualTo(201);
        Api.Response tooMany = api().get("/api/chat/" + chatId + "?limit=201", ann.token());
        assertThat(tooMany.text("code")).isEqualTo("validation_failed");
        assertThat(tooMany.json().path("errors").get(0).path("field").asString()).isEqualTo("limit");
        assertThat(tooMany.json().path("errors").get(0).path("message").asString()).isEqualTo("must be less than or equal to 200");
        assertThat(api().post("/api/chat/" + chatId + "/read", ann.token(), json("{'seq':'x'}")).text("code")).isEqualTo("validation_failed");
    }

    @Test
    void aRemovedConnectionStopsTheChatUntilTheUsersConnectAgain() {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        String chatId = send(ann, ben.id(), "before").text("chatId");

        assertThat(api().delete("/api/connections/remove?userId=" + ben.id(), ann.token()).status()).isEqualTo(204);
        Api.Response toUser = send(ann, ben.id(), "after");
        assertThat(toUser.status()).isEqualTo(403);
        assertThat(toUser.text("code")).isEqualTo("not_connected");
        assertThat(send(ben, chatId, "after").text("code")).isEqualTo("not_connected");

        connect(ann, ben);
        Api.Response again = send(ann, ben.id(), "again");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.text("chatId")).isEqualTo(chatId);
        assertThat(again.json().path("seq").asLong()).isEqualTo(2);
    }

    @Test
    void historyPagesThrough150MessagesAndCatchUpGetsExactlyTheMissingOnes() {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        String chatId = send(ann, ben.id(), "m1").text("chatId");
        for (int i = 2; i <= 150; i++) {
            assertThat(send(i % 2 == 0 ? ben : ann, chatId, "m" + i).status()).isEqualTo(201);
        }

        JsonNode newest = api().get("/api/chat/" + chatId, ann.token()).json();
        assertThat(seqs(newest)).containsExactlyElementsOf(LongStream.rangeClosed(101, 150).boxed().toList());
        assertThat(newest.path("hasMore").asBoolean()).isTrue();
        JsonNode older = api().get("/api/chat/" + chatId + "?before=101&limit=100", ann.token()).json();
        assertThat(seqs(older)).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(older.path("hasMore").asBoolean()).isFalse();

        JsonNode catchUp = api().get("/api/chat/" + chatId + "?after=137", ben.token()).json();
        assertThat(seqs(catchUp)).containsExactlyElementsOf(LongStream.rangeClosed(138, 150).boxed().toList());
        assertThat(catchUp.path("hasMore").asBoolean()).isFalse();
        JsonNode forward = api().get("/api/chat/" + chatId + "?after=0&limit=60", ben.token()).json();
        assertThat(seqs(forward)).containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
        assertThat(forward.path("hasMore").asBoolean()).isTrue();
    }

    @Test
    void concurrentSendsGetDistinctGaplessSeqsAndConcurrentFirstMessagesShareOneChat() throws Exception {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Api.Response>> firsts = List.of(() -> send(ann, ben.id(), "first from ann"), () -> send(ben, ann.id(), "first from ben"));
            List<String> chatIds = new ArrayList<>();
            for (Future<Api.Response> f : pool.invokeAll(firsts)) {
                assertThat(f.get().status()).isEqualTo(201);
                chatIds.add(f.get().text("chatId"));
            }
            assertThat(chatIds.get(0)).isEqualTo(chatIds.get(1));
            String chatId = chatIds.get(0);

            List<Callable<Api.Response>> sends = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                User from = i % 2 == 0 ? ann : ben;
                int n = i;
                sends.add(() -> send(from, chatId, "burst " + n));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<Api.Response> f : pool.invokeAll(sends)) {
                assertThat(f.get().status()).as(f.get().raw().body()).isEqualTo(201);
                seqs.add(f.get().json().path("seq").asLong());
            }
            assertThat(seqs).doesNotHaveDuplicates().hasSize(50);
            assertThat(seqs(api().get("/api/chat/" + chatId + "?after=0&limit=200", ann.token()).json()))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 52).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void groupsOfConnectionsChatAndAdminsManageMembers() {
        User ann = user();
        User ben = user();
        User cy = user();
        User dee = user();
        connect(ben, ann);
        connect(cy, ann);
        connect(dee, ann);

        Api.Response notAllConnected = api().post("/api/chat/groups", ben.token(), json("{'name':'Nope','memberIds':['%s']}", cy.id()));
        assertThat(notAllConnected.text("code")).isEqualTo("not_connected");

        Api.Response group = api().post("/api/chat/groups", ann.token(), json("{'name':'Team','memberIds':['%s','%s']}", ben.id(), cy.id()));
        assertThat(group.status()).isEqualTo(201);
        assertThat(group.text("type")).isEqualTo("group");
        assertThat(group.text("name")).isEqualTo("Team");
        assertThat(group.json().path("admins").get(0).asString()).isEqualTo(ann.id());
        String chatId = group.text("chatId");

        assertThat(send(cy, chatId, "hi all").json().path("seq").asLong()).isEqualTo(1);
        assertThat(send(ben, chatId, "hey").json().path("seq").asLong()).isEqualTo(2);
        api().post("/api/chat/" + chatId + "/read", ann.token(), json("{'seq':2}"));
        assertThat(api().get("/api/chat/" + chatId, cy.token()).json().path("messages").get(0).path("status").asString())
                .as("read only when every other member has read it").isEqualTo("sent");
        api().post("/api/chat/" + chatId + "/read", ben.token(), json("{'seq':2}"));
        assertThat(api().get("/api/chat/" + chatId, cy.token()).json().path("messages").get(0).path("status").asString()).isEqualTo("read");

        assertThat(api().post("/api/chat/groups/" + chatId + "/members", ben.token(), json("{'userId':'%s'}", dee.id())).status())
                .isEqualTo(403);
        Api.Response added = api().post("/api/chat/groups/" + chatId + "/members", ann.token(), json("{'userId':'%s'}", dee.id()));
        assertThat(added.status()).isEqualTo(200);
        assertThat(added.json().path("participants").size()).isEqualTo(4);
        assertThat(api().get("/api/chat/" + chatId, dee.token()).status()).isEqualTo(200);

        assertThat(api().delete("/api/chat/groups/" + chatId + "/members/" + ann.id(), ben.token()).status()).isEqualTo(403);
        assertThat(api().delete("/api/chat/groups/" + chatId + "/members/" + ben.id(), ben.token()).status()).isEqualTo(204);
        assertThat(api().get("/api/chat/" + chatId, ben.token()).text("code")).isEqualTo("chat_not_found");
        assertThat(api().delete("/api/chat/groups/" + chatId + "/members/" + cy.id(), ann.token()).status()).isEqualTo(204);
        assertThat(send(cy, chatId, "still here?").text("code")).isEqualTo("chat_not_found");
    }
}
