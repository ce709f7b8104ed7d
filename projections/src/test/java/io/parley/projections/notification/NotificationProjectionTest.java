package io.parley.projections.notification;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.api.chat.ChatEvents.ChatMuted;
import io.parley.api.chat.ChatEvents.DirectChatStarted;
import io.parley.api.chat.ChatEvents.GroupCreated;
import io.parley.api.chat.ChatEvents.MemberAdded;
import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.chat.ChatEvents.MessagesRead;
import io.parley.api.notification.DevicePushes;
import io.parley.api.notification.DevicePushes.DevicePush;
import io.parley.api.notification.NotificationType;
import io.parley.api.notification.NotificationQueries.FindNotificationChange;
import io.parley.api.notification.NotificationQueries.NotificationChange;
import io.parley.api.presence.PresenceQueries.HasOpenSocket;
import io.parley.projections.batch.MessageWrites;
import io.parley.projections.live.LiveUpdates;
import io.parley.projections.push.SocketPush;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.assertj.core.groups.Tuple;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The notification worker's chat messages against a Mongo-wire server, in batches as its processor runs them: the
 * chats a batch's messages need are read together, and a change to a chat within the batch is seen by the messages
 * after it.
 */
class NotificationProjectionTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");

    private final AtomicInteger chatReads = new AtomicInteger();
    private final AtomicInteger presenceQueries = new AtomicInteger();
    private final AtomicInteger changeQueries = new AtomicInteger();
    private final AtomicInteger notificationWrites = new AtomicInteger();
    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = client(server.bind());
    private final MongoTemplate mongo = new MongoTemplate(client, "parley");
    private final SocketPush sockets = mock(SocketPush.class);
    /** The device pushes handed over, by user, not yet made. */
    private final Map<String, List<Supplier<DevicePush>>> devicePushes = new HashMap<>();
    private final NotificationProjection projection = new NotificationProjection(mongo, queries(Set.of("ann")),
            sockets, mock(LiveUpdates.class), devices(), Clock.systemUTC(), Duration.ofSeconds(60));

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aBatchReadsItsMessagesChatsAndAsksEachMembersPresenceOnce() throws Exception {
        process(List.of(event(new DirectChatStarted("c1", List.of("ann", "ben"), AT)),
                event(new GroupCreated("g1", "team", "cy", List.of("cy", "ann", "ben"), AT))));
        chatReads.set(0);
        presenceQueries.set(0);
        devicePushes.clear();

        process(List.of(sent("c1", 1, "ann"), sent("g1", 1, "cy"), sent("c1", 2, "ann"), sent("g1", 2, "ann")));

        assertThat(chatReads).hasValue(1);
        assertThat(notificationWrites).as("one per member and chat").hasValue(3);
        assertThat(presenceQueries).as("ben, ann and cy once each for the batch, then the recipient of each of the three"
                + " notifications, for sockets or devices").hasValue(3 + 3);
        assertThat(chatNotifications()).containsExactlyInAnyOrder(
                tuple("ben", "c1", 2), tuple("ben", "g1", 2), tuple("cy", "g1", 1));
        assertThat(devicePushes.get("ben")).as("one push per notification, as the batch leaves it").hasSize(2);
        Document toBen = bensInGroup();
        assertThat(toBen).as("the id from the first message, the rest from the last").isNotNull();
        assertThat(toBen.getString("messageId")).isEqualTo("g1:m2");
        assertThat(toBen.getString("actorId")).isEqualTo("ann");
        assertThat(toBen.getDate("createdAt")).isEqualTo(AT.plusSeconds(2));

        process(List.of(sent("g1", 3, "cy")));

        assertThat(chatNotifications()).as("counted up in the next batch").contains(tuple("ben", "g1", 3));
        assertThat(bensInGroup().getString("_id")).isEqualTo(toBen.getString("_id"));
    }

    @Test
    void aChatReadWithinTheBatchReadsTheMessagesBeforeItOnly() throws Exception {
        process(List.of(event(new DirectChatStarted("c1", List.of("ann", "ben"), AT))));

        process(List.of(sent("c1", 1, "ann"), sent("c1", 2, "ann"),
                event(new MessagesRead("c1", "ben", 2, AT.plusSeconds(2))), sent("c1", 3, "ann")));

        assertThat(mongo.find(query(where("userId").is("ben")), Document.class, NotificationProjection.NOTIFICATIONS).stream()
                .map(n -> tuple(n.getInteger("count"), n.getBoolean("read"))).toList())
                .containsExactlyInAnyOrder(tuple(2, true), tuple(1, false));
    }

    @Test
    void aChangeToAChatWithinTheBatchIsSeenByTheMessagesAfterIt() throws Exception {
        process(List.of(event(new GroupCreated("g1", "team", "ann", List.of("ann", "ben"), AT))));
        chatReads.set(0);

        process(List.of(sent("g1", 1, "ann"),
                event(new ChatMuted("g1", "ben", AT.plusSeconds(3600), AT)),
                event(new MemberAdded("g1", "dan", "ann", AT)),
                sent("g1", 2, "ann"),
                event(new DirectChatStarted("c2", List.of("ann", "eve"), AT)),
                sent("c2", 1, "ann")));

        assertThat(chatReads).hasValue(3);
        assertThat(chatNotifications()).containsExactlyInAnyOrder(
                tuple("ben", "g1", 1), tuple("dan", "g1", 1), tuple("eve", "c2", 1));
    }

    @Test
    void aNotificationIsReadBackOnlyForWhatTakesIt() throws Exception {
        process(List.of(event(new GroupCreated("g1", "team", "cy", List.of("cy", "ann", "ben"), AT))));

        assertThat(changeQueries).as("nothing asked for ben's, an offline user's, before a device takes it").hasValue(0);
        verify(sockets).push(any(), eq("ann"), eq("notification:new"), any());
        verify(sockets, never()).push(any(), eq("ben"), any(), any());
        assertThat(devicePushes).as("ann has a socket open").containsOnlyKeys("ben");
        assertThat(devicePushes.get("ben")).hasSize(1);

        assertThat(devicePushes.get("ben").get(0).get()).as("made from the inbox, which the stub leaves empty").isNull();
        assertThat(changeQueries).hasValue(1);
    }

    private Document bensInGroup() {
        return mongo.findOne(query(where("userId").is("ben").and("chatId").is("g1").and("type").is(NotificationType.CHAT_MESSAGE.json())),
                Document.class, NotificationProjection.NOTIFICATIONS);
    }

    private List<Tuple> chatNotifications() {
        return mongo.find(query(where("type").is(NotificationType.CHAT_MESSAGE.json())), Document.class, NotificationProjection.NOTIFICATIONS).stream()
                .map(n -> tuple(n.getString("userId"), n.getString("chatId"), n.getInteger("count"))).toList();
    }

    /**
     * As the notifications processor: one batching unit of work, each event through the processor's interceptor to
     * its handler, in order.
     */
    private void process(List<EventMessage<?>> batch) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(MessageWrites.INTERCEPTOR), message -> {
            Object payload = message.getPayload();
            if (payload instanceof MessageSent sent) {
                projection.on(sent, message, unitOfWork);
            } else if (payload instanceof DirectChatStarted started) {
                projection.on(started, unitOfWork);
            } else if (payload instanceof GroupCreated created) {
                projection.on(created, message, unitOfWork);
            } else if (payload instanceof MemberAdded added) {
                projection.on(added, message, unitOfWork);
            } else if (payload instanceof ChatMuted muted) {
                projection.on(muted, unitOfWork);
            } else if (payload instanceof MessagesRead read) {
                projection.on(read, message);
            }
            return null;
        }).proceed());
    }

    /**
     * Presence answers {@code online} users as having a socket open; the inbox (the query side's) answers nothing.
     * Both count the questions.
     */
    private DefaultQueryGateway queries(Set<String> online) {
        SimpleQueryBus bus = SimpleQueryBus.builder().build();
        bus.subscribe(HasOpenSocket.class.getName(), Boolean.class, message -> {
            presenceQueries.incrementAndGet();
            return online.contains(((HasOpenSocket) message.getPayload()).userId());
        });
        bus.subscribe(FindNotificationChange.class.getName(), NotificationChange.class, message -> {
            changeQueries.incrementAndGet();
            return null;
        });
        return DefaultQueryGateway.builder().queryBus(bus).build();
    }

    /** Devices as the port sees them: each push is kept, to be made (or not) by the test. */
    private DevicePushes devices() {
        return new DevicePushes() {
            @Override
            public void send(String userId, Supplier<DevicePush> push) {
                devicePushes.computeIfAbsent(userId, user -> new ArrayList<>()).add(push);
            }

            @Override
            public void forget(String userId) {
                devicePushes.remove(userId);
            }
        };
    }

    private static EventMessage<?> event(Object payload) {
        return GenericEventMessage.asEventMessage(payload);
    }

    private static EventMessage<?> sent(String chatId, long seq, String senderId) {
        return event(new MessageSent(chatId, chatId + ":m" + seq, seq, senderId, "hi " + seq, null, AT.plusSeconds(seq), null, null));
    }

    /** A client that counts the reads of the worker's chat copies and its writes of chat notifications. */
    private MongoClient client(InetSocketAddress address) {
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")
                        && NotificationProjection.CHATS.equals(event.getCommand().getString("find").getValue())) {
                    chatReads.incrementAndGet();
                }
                if (event.getCommandName().equals("findAndModify")) {
                    notificationWrites.incrementAndGet();
                }
            }
        };
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + address.getHostString() + ":" + address.getPort()))
                .addCommandListener(counter).build());
    }
}
