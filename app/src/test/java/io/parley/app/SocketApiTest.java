package io.parley.app;

import io.parley.api.presence.PresenceQueries.HasOpenSocket;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The STOMP gateway as client apps use it: authentication, multi-device pushes, presence, bad frames. */
class SocketApiTest extends ApiTest {

    @Autowired
    private QueryGateway queries;

    @Autowired
    private StringRedisTemplate redis;

    @Test
    void aConnectWithoutAValidTokenIsRefused() {
        for (String token : new String[]{null, "garbage"}) {
            assertThatThrownBy(() -> Socket.client().connectAsync(URI.create("ws://127.0.0.1:" + port + "/ws"),
                    new org.springframework.web.socket.WebSocketHttpHeaders(), Socket.bearer(token),
                    new org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter() {
                    }).get(10, TimeUnit.SECONDS)).as(String.valueOf(token)).isNotNull();
        }
    }

    @Test
    void connectionChangesReachEverySessionOfTheOtherParty() throws Exception {
        User alice = user();
        User bob = user();
        try (Socket alicePhone = Socket.open(port, alice.token());
             Socket aliceLaptop = Socket.open(port, alice.token());
             Socket bobPhone = Socket.open(port, bob.token())) {
            String token = api().post("/api/qr/generate", alice.token(), null).text("token");
            String connectionId = api().post("/api/connections/request", bob.token(), json("{'qrToken':'%s'}", token)).text("connectionId");

            for (Socket device : new Socket[]{alicePhone, aliceLaptop}) {
                JsonNode request = device.next("connection:request");
                assertThat(request.path("data").path("connectionId").asString()).isEqualTo(connectionId);
                assertThat(request.path("data").path("direction").asString()).isEqualTo("incoming");
                assertThat(request.path("data").path("user").path("id").asString()).isEqualTo(bob.id());
                assertThat(request.path("ts").asString()).isNotBlank();
            }

            api().post("/api/connections/accept", alice.token(), json("{'connectionId':'%s'}", connectionId));
            JsonNode accepted = bobPhone.next("connection:accepted");
            assertThat(accepted.path("data").path("status").asString()).isEqualTo("accepted");
            assertThat(accepted.path("data").path("direction").asString()).isEqualTo("outgoing");

            api().delete("/api/connections/remove?connectionId=" + connectionId, bob.token());
            assertThat(alicePhone.next("connection:removed").path("data").path("status").asString()).isEqualTo("removed");
            assertThat(aliceLaptop.next("connection:removed").path("data").path("connectionId").asString()).isEqualTo(connectionId);
        }
    }

    @Test
    void connectionsSeeEachOtherComeOnlineAndGoOffline() throws Exception {
        User alice = user();
        User bob = user();
        User stranger = user();
        connect(bob, alice);
        assertThat(api().get("/api/presence/" + bob.id(), alice.token()).json().path("online").asBoolean()).isFalse();

        try (Socket aliceSocket = Socket.open(port, alice.token())) {
            Socket bobPhone = Socket.open(port, bob.token());
            JsonNode online = aliceSocket.next("user:online");
            assertThat(online.path("data").path("userId").asString()).isEqualTo(bob.id());
            assertThat(api().get("/api/presence/" + bob.id(), alice.token()).json().path("online").asBoolean()).isTrue();

            Socket bobLaptop = Socket.open(port, bob.token());
            bobPhone.close();
            assertThat(api().get("/api/presence/" + bob.id(), alice.token()).json().path("online").asBoolean())
                    .as("still online on the laptop").isTrue();
            bobLaptop.close();

            JsonNode offline = aliceSocket.next("user:offline");
            assertThat(offline.path("data").path("userId").asString()).isEqualTo(bob.id());
            assertThat(offline.path("data").path("lastSeen").asString()).isNotBlank();
            Api.Response presence = api().get("/api/presence/" + bob.id(), alice.token());
            assertThat(presence.json().path("online").asBoolean()).isFalse();
            assertThat(presence.json().path("lastSeen").asString()).isNotBlank();
        }
        assertThat(api().get("/api/presence/" + bob.id(), stranger.token()).text("code")).isEqualTo("forbidden");
        assertThat(api().get("/api/presence/" + stranger.id(), stranger.token()).status()).isEqualTo(200);
    }

    @Test
    void anIdleSessionGetsTheServersHeartBeats() throws Exception {
        User alice = user();
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder frame = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        frame.append(data);
                        if (last) {
                            frames.add(frame.toString());
                            frame.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            socket.sendText("CONNECT\naccept-version:1.2\nheart-beat:0,10000\nAuthorization:Bearer " + alice.token() + "\n\n\0", true)
                    .get(10, TimeUnit.SECONDS);
            assertThat(frames.poll(10, TimeUnit.SECONDS)).startsWith("CONNECTED").contains("heart-beat:10000,10000");
            // The broker's sweep every 10 s finds the session silent for over 10 s within 20 s; the sweep spreads
            // its heart-beats over up to a second.
            assertThat(frames.poll(25, TimeUnit.SECONDS)).isEqualTo("\n");
        } finally {
            socket.abort();
        }
    }

    @Test
    void malformedFramesDoNotBreakTheSession() throws Exception {
        User alice = user();
        User bob = user();
        try (Socket socket = Socket.open(port, alice.token())) {
            socket.send("/app/no.such.destination", "{not json");
            socket.send("/app/chat.send", "\u0000\u0001garbage");
            socket.send("/user/" + bob.id() + "/queue/events", "{\"type\":\"spoof\"}");
            Thread.sleep(200);
            assertThat(socket.isConnected()).isTrue();

            String token = api().post("/api/qr/generate", alice.token(), null).text("token");
            api().post("/api/connections/request", bob.token(), json("{'qrToken':'%s'}", token));
            assertThat(socket.next("connection:request", Duration.ofSeconds(10))).isNotNull();
        }
    }

    @Test
    void chatOverStompReachesEveryParticipantWithTypingAndReceipts() throws Exception {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        try (Socket annPhone = Socket.open(port, ann.token());
             Socket annLaptop = Socket.open(port, ann.token());
             Socket benPhone = Socket.open(port, ben.token())) {
            annPhone.send("/app/chat.send", json("{'to':'%s','text':'over stomp','clientMessageId':'s-1'}", ben.id()));
            JsonNode received = benPhone.next("chat:receive");
            assertThat(received.path("data").path("text").asString()).isEqualTo("over stomp");
            assertThat(received.path("data").path("seq").asLong()).isEqualTo(1);
            String chatId = received.path("data").path("chatId").asString();
            assertThat(annLaptop.next("chat:receive").path("data").path("clientMessageId").asString())
                    .as("the sender's other device").isEqualTo("s-1");
            assertThat(annPhone.next("chat:receive").path("data").path("messageId").asString())
                    .isEqualTo(received.path("data").path("messageId").asString());

            benPhone.send("/app/chat.typing", json("{'chatId':'%s','typing':true}", chatId));
            JsonNode typing = annPhone.next("chat:typing");
            assertThat(typing.path("data").path("userId").asString()).isEqualTo(ben.id());
            assertThat(typing.path("data").path("typing").asBoolean()).isTrue();

            benPhone.send("/app/chat.delivered", json("{'chatId':'%s','seq':1}", chatId));
            assertThat(annLaptop.next("chat:delivered").path("data").path("seq").asLong()).isEqualTo(1);
            benPhone.send("/app/chat.read", json("{'chatId':'%s','seq':1}", chatId));
            JsonNode read = annPhone.next("chat:read");
            assertThat(read.path("data").path("userId").asString()).isEqualTo(ben.id());
            assertThat(read.path("data").path("chatId").asString()).isEqualTo(chatId);

            api().post("/api/chat/send", ann.token(), json("{'to':'%s','text':'over rest'}", chatId));
            assertThat(benPhone.next("chat:receive").path("data").path("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void badChatFramesGetProblemsOnTheErrorQueue() throws Exception {
        User ann = user();
        User eve = user();
        try (Socket socket = Socket.open(port, ann.token())) {
            socket.send("/app/chat.send", json("{'to':'%s','text':'hi'}", eve.id()));
            assertThat(socket.nextError().path("code").asString()).isEqualTo("not_connected");
            socket.send("/app/chat.send", json("{'to':'x','text':''}"));
            JsonNode invalid = socket.nextError();
            assertThat(invalid.path("code").asString()).isEqualTo("validation_failed");
            assertThat(invalid.path("status").asInt()).isEqualTo(400);
            socket.send("/app/chat.typing", json("{'chatId':'nope','typing':true}"));
            assertThat(socket.nextError().path("code").asString()).isEqualTo("chat_not_found");
            socket.send("/app/chat.read", "{broken");
            assertThat(socket.nextError().path("code").asString()).isEqualTo("validation_failed");
            assertThat(socket.isConnected()).isTrue();
        }
    }

    /**
     * The server's per-session text buffer holds 1,024 chars: a longer frame arrives in parts, which STOMP's decoder
     * joins (the emoji among the text are two chars and four bytes each), and a push longer than the 2 KiB output
     * buffer leaves in fragments. A frame over the 64 KiB message size limit ends the session.
     */
    @Test
    void framesLongerThanTheSocketBuffersArriveWhole() throws Exception {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        String text = "\uD83D\uDE00 é, ok".repeat(512);
        assertThat(text).hasSize(4096);
        try (Socket annPhone = Socket.open(port, ann.token()); Socket benPhone = Socket.open(port, ben.token())) {
            annPhone.send("/app/chat.send", json("{'to':'%s','text':'%s','clientMessageId':'long'}", ben.id(), text));
            assertThat(benPhone.next("chat:receive").path("data").path("text").asString()).isEqualTo(text);
            assertThat(annPhone.next("chat:receive").path("data").path("text").asString()).isEqualTo(text);

            annPhone.send("/app/chat.send", json("{'to':'%s','text':'%s'}", ben.id(), "x".repeat(70_000)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (annPhone.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(annPhone.isConnected()).as("over the message size limit").isFalse();
            assertThat(annPhone.errors).as("the ERROR frame's message").anyMatch(error -> error.contains("65536"));
            assertThat(benPhone.isConnected()).isTrue();
        }
    }

    /** The node that holds a user's socket knows they are online even when Redis lost their session (a restart). */
    @Test
    void aUserWithASocketOpenOnThisNodeIsOnlineWithoutTheirSessionInRedis() throws Exception {
        User ann = user();
        try (Socket phone = Socket.open(port, ann.token())) {
            eventually(Duration.ofSeconds(5), () -> online(ann), Boolean::booleanValue);
            redis.delete("parley:presence:" + ann.id());
            assertThat(online(ann)).isTrue();
        }
        eventually(Duration.ofSeconds(5), () -> online(ann), online -> !online);
    }

    private boolean online(User user) {
        return queries.query(new HasOpenSocket(user.id()), ResponseTypes.instanceOf(Boolean.class)).join();
    }
}
