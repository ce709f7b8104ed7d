package io.parley.app;

import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.user.UserEvents.UserRegistered;
import org.junit.jupiter.api.Test;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "Erasure", checked where the data would be: the event store's rows read with JDBC, the read store's documents,
 * the audit API, a full replay, and everything the app printed. The users log in with fixed codes, so the console
 * OTP driver (which prints identifiers by contract) prints nothing.
 */
@TestPropertySource(properties = {
        "parley.otp.test-identifiers[+14155550101]=101101",
        "parley.otp.test-identifiers[erasure-ben@parley.test]=202202",
        "parley.otp.test-identifiers[erasure-cat@parley.test]=303303",
        "parley.otp.test-identifiers[erasure-dan@parley.test]=404404",
        "parley.otp.test-identifiers[erasure-eve@parley.test]=505505",
        "parley.otp.test-identifiers[erasure-fin@parley.test]=606606",
        "parley.otp.test-identifiers[erasure-gus@parley.test]=707707"})
class ErasureTest extends ApiTest {

    @Autowired
    private DataSource eventStore;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;
    @Autowired
    private MongoTemplate readStore;
    @Value("${parley.data-dir}")
    private Path dataDir;

    @Test
    void aDeletedAccountsProfileIsInNoEventRowReadModelReplayOrLogAndItsMessagesStayReadable() throws Exception {
        ConsoleCodes.startRecording();
        String admin = adminToken();
        User ann = fixedUser("+14155550101", "101101");
        User ben = fixedUser("erasure-ben@parley.test", "202202");
        api().patch("/api/users/me", ann.token(), json("{'name':'Annabel Quux','bio':'collects teapots'}"));
        api().patch("/api/users/me", ann.token(), json("{'bio':'collects kettles'}"));
        connect(ann, ben);
        String chatId = send(ann, ben.id(), "the first secret recipe").text("chatId");
        send(ben, chatId, "a reply from ben");
        String unused = MediaFiles.upload(port, "POST", "/api/media", ann.token(), "annabel-holiday-notes.txt",
                "notes".getBytes(StandardCharsets.UTF_8)).json().path("mediaId").asString();
        String sent = MediaFiles.upload(port, "POST", "/api/media", ann.token(), "annabel-beach.txt",
                "sand".getBytes(StandardCharsets.UTF_8)).json().path("mediaId").asString();
        awaitReady(ann, sent);
        assertThat(api().post("/api/chat/send", ann.token(), json("{'to':'%s','mediaId':'%s'}", ben.id(), sent)).status()).isEqualTo(201);
        List<String> annsProfile = List.of("4155550101", "Annabel Quux", "collects teapots", "collects kettles",
                "annabel-holiday-notes", "annabel-beach");

        assertThat(rawEvents()).as("stored before deletion").noneMatch(containsAny(annsProfile));
        assertThat(rawEvents()).noneMatch(containsAny(List.of("the first secret recipe", "a reply from ben", "erasure-ben")));
        JsonNode history = api().get("/api/admin/audit/User/" + ann.id(), admin).json();
        assertThat(history.get(0).path("payload").path("phone").asString()).as("the audit reads plain values").isEqualTo("+14155550101");
        assertThat(history.get(2).path("payload").path("bio").asString()).isEqualTo("collects kettles");

        assertThat(api().delete("/api/users/me", ann.token()).status()).isEqualTo(204);

        assertThat(rawEvents()).as("stored after deletion").noneMatch(containsAny(annsProfile));
        history = api().get("/api/admin/audit/User/" + ann.id(), admin).json();
        assertThat(history.valueStream().map(event -> event.path("type").asString()))
                .containsExactly("UserRegistered", "ProfileUpdated", "ProfileUpdated", "UserDeleted", "PersonalDataErased");
        assertThat(history.get(0).path("payload").path("phone").asString()).isEqualTo("[erased]");
        assertThat(history.get(0).path("payload").path("email").isNull()).as("absent stays absent").isTrue();
        assertThat(history.get(1).path("payload").path("name").asString()).isEqualTo("[erased]");
        assertThat(history.get(2).path("payload").path("bio").asString()).isEqualTo("[erased]");
        JsonNode erasure = history.get(4).path("payload");
        assertThat(erasure.path("erasedBy").asString()).isEqualTo(ann.id());
        assertThat(erasure.path("keys").valueStream().map(key -> key.path("key").asString())).containsExactly("PROFILE");
        assertThat(api().get("/api/admin/audit/events?limit=1000", admin).raw().body()).doesNotContain(annsProfile);
        assertThat(api().get("/api/admin/audit/Media/" + sent, admin).json().get(0).path("payload").path("fileName").asString())
                .as("a media file name is the uploader's profile data").isEqualTo("[erased]");

        long deadline = System.currentTimeMillis() + 10_000;
        while (!api().get("/api/media/" + sent + "/info", ben.token()).text("fileName").equals("[erased]")
                || Files.exists(dataDir.resolve("media").resolve(unused))) {
            assertThat(System.currentTimeMillis()).as("the file name forgotten, the unsent upload deleted").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(MediaFiles.download(port, "/api/media/" + sent, ben.token(), Map.of()).body())
                .as("what ann sent stays with her messages").isEqualTo("sand".getBytes(StandardCharsets.UTF_8));
        assertThat(texts(api().get("/api/chat/" + chatId, ben.token())))
                .as("without eraseMessages the texts stay").containsExactly("the first secret recipe", "a reply from ben", "(no text)");
        replayAll(admin);
        assertThat(readStoreDocuments()).as("rebuilt read models").noneMatch(containsAny(annsProfile));
        assertThat(texts(api().get("/api/chat/" + chatId, ben.token())))
                .containsExactly("the first secret recipe", "a reply from ben", "(no text)");
        assertThat(api().get("/api/users/me", ben.token()).text("email")).as("others' data unchanged").isEqualTo("erasure-ben@parley.test");
        assertThat(ConsoleCodes.recorded()).as("everything printed").isNotEmpty().noneMatch(containsAny(annsProfile));
    }

    @Test
    void eraseMessagesShredsExactlyThatUsersTextsInDirectAndGroupChats() throws Exception {
        String admin = adminToken();
        User cat = fixedUser("erasure-cat@parley.test", "303303");
        User dan = fixedUser("erasure-dan@parley.test", "404404");
        User eve = fixedUser("erasure-eve@parley.test", "505505");
        connect(dan, cat);
        connect(eve, cat);
        String direct = send(cat, dan.id(), "cat says hello").text("chatId");
        send(dan, direct, "dan whispers a secret");
        Api.Response group = api().post("/api/chat/groups", cat.token(), json("{'name':'Trio','memberIds':['%s','%s']}", dan.id(), eve.id()));
        String groupId = group.text("chatId");
        send(cat, groupId, "cat to the group");
        send(dan, groupId, "dan tells the group");
        String photo = MediaFiles.upload(port, "POST", "/api/media", dan.token(), "dan.png", MediaFiles.png(8, 8)).json().path("mediaId").asString();
        awaitReady(dan, photo);
        assertThat(api().post("/api/chat/send", dan.token(), json("{'to':'%s','mediaId':'%s'}", groupId, photo)).status()).isEqualTo(201);
        send(eve, groupId, "eve to the group");

        assertThat(api().delete("/api/users/me?eraseMessages=true", dan.token()).status()).isEqualTo(204);

        // The 204 waits for the users projection; the chats projection erases the texts on its own thread.
        List<String> erasedDirect = List.of("text:cat says hello", "erased:null");
        assertThat(eventually(Duration.ofSeconds(10), () -> messages(api().get("/api/chat/" + direct, cat.token())),
                erasedDirect::equals)).containsExactlyElementsOf(erasedDirect);
        List<String> erasedGroup = List.of("text:cat to the group", "erased:null", "erased:null", "text:eve to the group");
        assertThat(eventually(Duration.ofSeconds(10), () -> messages(api().get("/api/chat/" + groupId, eve.token())),
                erasedGroup::equals)).containsExactlyElementsOf(erasedGroup);
        long deadline = System.currentTimeMillis() + 10_000;
        while (api().get("/api/media/" + photo + "/info", cat.token()).status() != 404 || Files.exists(dataDir.resolve("media").resolve(photo))) {
            assertThat(System.currentTimeMillis()).as("the media dan sent is deleted").isLessThan(deadline);
            Thread.sleep(50);
        }
        JsonNode chatHistory = api().get("/api/admin/audit/Chat/" + groupId, admin).json();
        assertThat(chatHistory.valueStream().filter(event -> event.path("type").asString().equals("MessageSent"))
                .map(event -> event.path("payload").path("text").isNull() ? "(no text)" : event.path("payload").path("text").asString()))
                .containsExactly("cat to the group", "[erased]", "(no text)", "eve to the group");
        JsonNode erasure = api().get("/api/admin/audit/User/" + dan.id(), admin).json().get(2).path("payload");
        assertThat(erasure.path("keys").valueStream().map(key -> key.path("key").asString())).containsExactlyInAnyOrder("PROFILE", "MESSAGES");
        assertThat(rawEvents()).noneMatch(containsAny(List.of("dan whispers", "dan tells", "cat says", "eve to the")));

        replayAll(admin);
        assertThat(messages(api().get("/api/chat/" + direct, cat.token()))).containsExactly("text:cat says hello", "erased:null");
        assertThat(messages(api().get("/api/chat/" + groupId, cat.token())))
                .containsExactly("text:cat to the group", "erased:null", "erased:null", "text:eve to the group");
        assertThat(readStoreDocuments()).noneMatch(containsAny(List.of("dan whispers", "dan tells", "[erased]", "erasure-dan")));
    }

    /** Events stored before sealing (plain texts) and before media (no media fields) read as they were written. */
    @Test
    void eventsWrittenBeforeThisVersionStillRead() {
        MessageSent message = eventSerializer.deserialize(new SimpleSerializedObject<>(
                "{'chatId':'c','messageId':'m','seq':1,'senderId':'s','text':'an old plain text','clientMessageId':null,'at':'2026-01-01T00:00:00Z'}"
                        .replace('\'', '"'), String.class, MessageSent.class.getName(), null));
        assertThat(message.text()).isEqualTo("an old plain text");
        assertThat(message.mediaId()).isNull();
        assertThat(message.mediaKind()).isNull();
        UserRegistered registered = eventSerializer.deserialize(new SimpleSerializedObject<>(
                "{'userId':'u','phone':'+14155550199','email':null,'at':'2026-01-01T00:00:00Z'}".replace('\'', '"'),
                String.class, UserRegistered.class.getName(), null));
        assertThat(registered.phone()).isEqualTo("+14155550199");
    }

    @Test
    void aKeyStoreOutageDuringASendIsA503AndNothingIsWrittenInPlainText() {
        User fin = fixedUser("erasure-fin@parley.test", "606606");
        User gus = fixedUser("erasure-gus@parley.test", "707707");
        connect(fin, gus);
        JdbcTemplate jdbc = new JdbcTemplate(eventStore);
        String body = json("{'to':'%s','text':'sent during the outage','clientMessageId':'outage-1'}", gus.id());

        jdbc.execute("alter table personal_data_keys rename to personal_data_keys_away");
        Api.Response refused;
        try {
            refused = api().post("/api/chat/send", fin.token(), body);
        } finally {
            jdbc.execute("alter table personal_data_keys_away rename to personal_data_keys");
        }
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
        assertThat(refused.text("code")).isEqualTo("service_unavailable");
        assertThat(rawEvents()).noneMatch(containsAny(List.of("sent during the outage")));

        Api.Response retried = api().post("/api/chat/send", fin.token(), body);
        assertThat(retried.status()).as(retried.raw().body()).isEqualTo(201);
        assertThat(texts(api().get("/api/chat/" + retried.text("chatId"), gus.token()))).containsExactly("sent during the outage");
    }

    private User fixedUser(String identifier, String code) {
        Api.Response login = api().post("/api/auth/otp/verify", null, json("{'identifier':'%s','otp':'%s'}", identifier, code));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return new User(login.json().path("user").path("id").asString(), login.text("token"));
    }

    private void awaitReady(User owner, String mediaId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!api().get("/api/media/" + mediaId + "/info", owner.token()).text("state").equals("ready")) {
            assertThat(System.currentTimeMillis()).as("media ready").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private Api.Response send(User from, String to, String text) {
        Api.Response sent = api().post("/api/chat/send", from.token(), json("{'to':'%s','text':'%s'}", to, text));
        assertThat(sent.status()).as(sent.raw().body()).isEqualTo(201);
        return sent;
    }

    private static List<String> texts(Api.Response page) {
        return page.json().path("messages").valueStream()
                .map(message -> message.path("text").isNull() ? "(no text)" : message.path("text").asString()).toList();
    }

    private static List<String> messages(Api.Response page) {
        return page.json().path("messages").valueStream()
                .map(message -> message.path("type").asString() + ":" + (message.path("text").isNull() ? "null" : message.path("text").asString()))
                .toList();
    }

    /** Every stored event and snapshot, payload and metadata, as the database holds them. */
    private List<String> rawEvents() {
        JdbcTemplate jdbc = new JdbcTemplate(eventStore);
        List<String> rows = new ArrayList<>();
        for (String table : List.of("domain_event_entry", "snapshot_event_entry")) {
            rows.addAll(jdbc.query("select payload, meta_data from " + table, (row, i) ->
                    new String(row.getBytes(1), StandardCharsets.UTF_8) + new String(row.getBytes(2), StandardCharsets.UTF_8)));
        }
        return rows;
    }

    /** Every document of every collection of the read store, as JSON. */
    private List<String> readStoreDocuments() {
        return readStore.getCollectionNames().stream()
                .flatMap(collection -> readStore.findAll(org.bson.Document.class, collection).stream().map(org.bson.Document::toJson))
                .toList();
    }

    private static java.util.function.Predicate<String> containsAny(List<String> needles) {
        return row -> needles.stream().anyMatch(row::contains);
    }

    /** Replays every projection from the start and waits until all have caught up again. */
    private void replayAll(String admin) throws InterruptedException {
        for (String projection : List.of("users", "connections", "chats", "media")) {
            assertThat(api().post("/api/admin/projections/" + projection + "/replay", admin, null).status()).isEqualTo(202);
        }
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, String> states;
        do {
            Thread.sleep(100);
            states = api().get("/api/admin/projections", admin).json().valueStream().collect(Collectors.toMap(
                    p -> p.path("name").asString(), p -> p.path("replaying").asBoolean() + "/" + p.path("lag").asLong()));
        } while (states.values().stream().anyMatch(state -> !state.equals("false/0")) && System.currentTimeMillis() < deadline);
        assertThat(states.values()).as(states.toString()).allMatch("false/0"::equals);
    }
}
