package io.parley.query.chat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.parley.api.chat.ChatQueries.FindMessage;
import io.parley.api.chat.ChatQueries.FindSentMessage;
import io.parley.api.chat.ChatQueries.MessageView;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A message found by its seq or by its id, on a Mongo-wire server holding the read model as the projection writes it. */
class ChatQueryHandlerTest {

    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final InetSocketAddress address = server.bind();
    private final MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    private final MongoTemplate mongo = new MongoTemplate(client, "parley");
    private final ChatQueryHandler handler = new ChatQueryHandler(mongo);

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aMemberFindsAMessageByItsIdAsByItsSeq() {
        mongo.save(new Document("_id", "c1").append("type", "direct").append("participants", List.of("ann", "ben"))
                .append("admins", List.of()).append("read", new Document("ben", 1L)), "chats");
        mongo.save(message("c1", 1, "m1", "first"), "messages");
        mongo.save(message("c1", 2, "m2", "second"), "messages");
        mongo.save(message("c2", 1, "m3", "elsewhere"), "messages");

        MessageView byId = handler.handle(new FindSentMessage("c1", "m2", "ann"));
        assertThat(byId).isEqualTo(handler.handle(new FindMessage("c1", 2, "ann")));
        assertThat(byId).extracting(MessageView::messageId, MessageView::seq, MessageView::text, MessageView::status)
                .containsExactly("m2", 2L, "second", "sent");
        assertThat(handler.handle(new FindSentMessage("c1", "m1", "ben"))).extracting(MessageView::status).isEqualTo("read");
        assertThat(handler.handle(new FindSentMessage("c1", "m2", "eve"))).as("not a member").isNull();
        assertThat(handler.handle(new FindSentMessage("c1", "m3", "ann"))).as("another chat's message").isNull();
        assertThat(handler.handle(new FindSentMessage("c1", "m4", "ann"))).as("not written (yet)").isNull();
    }

    private static Document message(String chatId, long seq, String messageId, String text) {
        return new Document("_id", chatId + ":" + seq).append("messageId", messageId).append("chatId", chatId)
                .append("seq", seq).append("senderId", "ann").append("text", text).append("type", "text")
                .append("sentAt", Date.from(AT.plusSeconds(seq)));
    }
}
