package io.parley.projections.chat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.api.chat.ChatEvents.DirectChatStarted;
import io.parley.api.chat.ChatEvents.GroupCreated;
import io.parley.api.chat.ChatEvents.MemberRemoved;
import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.chat.ChatQueries.FindMessage;
import io.parley.api.chat.ChatQueries.FindSentMessage;
import io.parley.api.chat.ChatQueries.MessageView;
import io.parley.api.media.MediaKind;
import io.parley.projections.batch.MessageWrites;
import io.parley.projections.live.LiveChangeFanOut;
import io.parley.projections.live.LiveUpdates;
import io.parley.projections.media.MediaViews;
import io.parley.projections.push.SocketPush;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.GenericSubscriptionQueryMessage;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.UpdateHandlerRegistration;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/** The chats projection's batched message writes against a Mongo-wire server, run as the chats processor runs them. */
class ChatProjectionTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final MongoClient client = client(server.bind());
    private final MongoTemplate mongo = new MongoTemplate(client, "parley");
    private final SocketPush push = mock(SocketPush.class);
    private final ChatProjection projection = new ChatProjection(mongo, push, mock(LiveUpdates.class), new MediaViews(mongo));

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aBatchRepeatedAfterACrashKeepsTheStoredMessagesAndStoresTheRest() throws Exception {
        projection.on(new DirectChatStarted("c1", List.of("ann", "ben"), AT));
        process(List.of(sent("c1", 1, "first"), sent("c1", 2, "second")));

        process(List.of(sent("c1", 2, "second"), sent("c1", 3, "third")));

        List<Document> stored = mongo.findAll(Document.class, ChatProjection.MESSAGES);
        assertThat(stored).extracting(d -> d.get("_id"), d -> d.get("seq"), d -> d.get("text"))
                .containsExactlyInAnyOrder(
                        tuple("c1:1", 1L, "first"),
                        tuple("c1:2", 2L, "second"),
                        tuple("c1:3", 3L, "third"));
        assertThat(mongo.findById("c1", Document.class, ChatProjection.CHATS))
                .containsEntry("lastSeq", 3L).containsEntry("updatedAt", Date.from(AT.plusSeconds(3)));
        verify(push, times(4)).push(any(), eq(List.of("ann", "ben")), eq("chat:receive"), any());
    }

    @Test
    void messagesReachWhoIsInTheChatWhenTheyAreWritten() throws Exception {
        projection.on(new DirectChatStarted("c1", List.of("ann", "ben"), AT));
        projection.on(new GroupCreated("g1", "team", "ann", List.of("ann", "ben", "cy"), AT));
        process(List.of(sent("c1", 1, "hi"), sent("g1", 1, "hi")));
        verify(push).push(any(), eq(List.of("ann", "ben")), eq("chat:receive"), any());
        verify(push).push(any(), eq(List.of("ann", "ben", "cy")), eq("chat:receive"), any());

        projection.on(new MemberRemoved("g1", "cy", "ann", AT));
        process(List.of(sent("g1", 2, "hi")));
        verify(push, times(2)).push(any(), eq(List.of("ann", "ben")), eq("chat:receive"), any());
        verify(push).push(any(), eq(List.of("ann", "ben", "cy")), eq("chat:receive"), any());

        ChatProjection restarted = new ChatProjection(mongo, push, mock(LiveUpdates.class), new MediaViews(mongo));
        process(restarted, List.of(sent("c1", 2, "hi")));
        verify(push, times(3)).push(any(), eq(List.of("ann", "ben")), eq("chat:receive"), any());
    }

    @Test
    void whoWaitsToReadAMessageIsAnsweredOnceItsBatchIsWritten() throws Exception {
        SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
        LiveUpdates updates = new LiveUpdates(emitter,
                DefaultQueryGateway.builder().queryBus(SimpleQueryBus.builder().queryUpdateEmitter(emitter).build()).build(),
                new StaticListableBeanFactory().getBeanProvider(LiveChangeFanOut.class));
        ChatProjection answering = new ChatProjection(mongo, push, updates, new MediaViews(mongo));
        UpdateHandlerRegistration<MessageView> sender = waitFor(emitter, new FindMessage("c1", 2, "ann"));
        UpdateHandlerRegistration<MessageView> outsider = waitFor(emitter, new FindMessage("c1", 2, "eve"));
        UpdateHandlerRegistration<MessageView> later = waitFor(emitter, new FindMessage("c1", 3, "ann"));
        UpdateHandlerRegistration<MessageView> senderById = waitFor(emitter, new FindSentMessage("c1", "c1:m1", "ann"));
        UpdateHandlerRegistration<MessageView> outsiderById = waitFor(emitter, new FindSentMessage("c1", "c1:m1", "eve"));
        UpdateHandlerRegistration<MessageView> laterById = waitFor(emitter, new FindSentMessage("c1", "c1:m3", "ann"));

        answering.on(new DirectChatStarted("c1", List.of("ann", "ben"), AT));
        process(answering, List.of(sent("c1", 1, "first"), sent("c1", 2, "second")));

        MessageView answer = sender.getUpdates().blockFirst(Duration.ofSeconds(5)).getPayload();
        assertThat(answer).extracting(MessageView::chatId, MessageView::seq, MessageView::text, MessageView::status)
                .containsExactly("c1", 2L, "second", "sent");
        assertThat(mongo.findById("c1:2", Document.class, ChatProjection.MESSAGES)).isNotNull();
        assertThat(outsider.getUpdates().take(Duration.ofMillis(200)).collectList().block()).isEmpty();
        assertThat(later.getUpdates().take(Duration.ofMillis(200)).collectList().block()).isEmpty();
        assertThat(senderById.getUpdates().blockFirst(Duration.ofSeconds(5)).getPayload())
                .extracting(MessageView::messageId, MessageView::seq, MessageView::text).containsExactly("c1:m1", 1L, "first");
        assertThat(outsiderById.getUpdates().take(Duration.ofMillis(200)).collectList().block()).isEmpty();
        assertThat(laterById.getUpdates().take(Duration.ofMillis(200)).collectList().block()).isEmpty();
    }

    @Test
    void theMembersMaySeeAMessagesMediaBeforeItIsPushedToThem() throws Exception {
        mongo.save(new Document("_id", "m1").append("mediaId", "m1").append("ownerId", "ann").append("kind", "image")
                .append("size", 10L).append("state", "ready").append("url", "/api/media/m1").append("chats", List.of()), "media");
        List<Object> chatsAtPush = new ArrayList<>();
        doAnswer(call -> chatsAtPush.add(mongo.findById("m1", Document.class, "media").get("chats")))
                .when(push).push(any(), anyCollection(), eq("chat:receive"), any());
        projection.on(new DirectChatStarted("c1", List.of("ann", "ben"), AT));
        projection.on(new GroupCreated("g1", "team", "ann", List.of("ann", "ben", "cy"), AT));

        process(List.of(sent("c1", 1, "text only"), withMedia("c1", 2, "m1"), withMedia("g1", 1, "m1")));

        verify(push, times(3)).push(any(), anyCollection(), eq("chat:receive"), any());
        assertThat(chatsAtPush).as("at each push of the batch").containsExactly(List.of("c1", "g1"), List.of("c1", "g1"), List.of("c1", "g1"));
    }

    private static UpdateHandlerRegistration<MessageView> waitFor(SimpleQueryUpdateEmitter emitter, Object query) {
        return emitter.registerUpdateHandler(new GenericSubscriptionQueryMessage<>(query,
                ResponseTypes.instanceOf(MessageView.class), ResponseTypes.instanceOf(MessageView.class)), 16);
    }

    /** As the chats processor: one batching unit of work, each event through the interceptor to the handler. */
    private void process(List<EventMessage<?>> batch) throws Exception {
        process(projection, batch);
    }

    private static void process(ChatProjection projection, List<EventMessage<?>> batch) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork, List.of(MessageWrites.INTERCEPTOR), message -> {
            projection.on((MessageSent) message.getPayload(), message, unitOfWork);
            return null;
        }).proceed());
    }

    private static EventMessage<?> sent(String chatId, long seq, String text) {
        return GenericEventMessage.asEventMessage(new MessageSent(chatId, chatId + ":m" + seq, seq, "ann", text, null, AT.plusSeconds(seq), null, null));
    }

    private static EventMessage<?> withMedia(String chatId, long seq, String mediaId) {
        return GenericEventMessage.asEventMessage(
                new MessageSent(chatId, chatId + ":m" + seq, seq, "ann", "look", null, AT.plusSeconds(seq), mediaId, MediaKind.IMAGE));
    }

    private static MongoClient client(InetSocketAddress address) {
        return MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }
}
