package io.parley.app.infra;

import com.mongodb.DuplicateKeyException;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded read store's own parts: its unique indexes (across restarts, and for ranges) and its format marker. */
class ConsistentH2BackendTest {

    @TempDir
    Path dir;

    @Test
    void aCompoundUniqueIndexFindsAndRejectsItsKeysAlsoAfterARestart() {
        Path file = dir.resolve("readmodels.mv");
        withMessages(file, messages -> {
            messages.createIndex(Indexes.ascending("chatId", "seq"), new IndexOptions().unique(true));
            for (long seq = 1; seq <= 300; seq++) {
                messages.insertOne(new Document("_id", "c" + seq % 3 + ":" + seq).append("chatId", "c" + seq % 3).append("seq", seq));
            }
        });

        withMessages(file, messages -> {
            assertThat(messages.find(new Document("chatId", "c1").append("seq", 100L)).first())
                    .containsEntry("_id", "c1:100");
            assertThat(messages.find(new Document("chatId", "c2").append("seq", 100L)).first()).isNull();
            assertThatThrownBy(() -> messages.insertOne(new Document("_id", "again").append("chatId", "c1").append("seq", 100L)))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
            // Mongo's order ties 100 and 100.0, and so does the index, as a real MongoDB's would.
            assertThatThrownBy(() -> messages.insertOne(new Document("_id", "double").append("chatId", "c1").append("seq", 100.0)))
                    .isInstanceOf(MongoWriteException.class);
            messages.insertOne(new Document("_id", "c2:100").append("chatId", "c2").append("seq", 100L));
            assertThat(messages.countDocuments()).isEqualTo(301);
        });
    }

    /**
     * What an insert checks against each index is what it adds to it: an unordered batch keeps every document but the
     * duplicates (of {@code _id} or of the compound key), each listed in its index once, and an index built over
     * documents that break it is refused.
     */
    @Test
    void aBatchWithDuplicatesKeepsTheRestAndAnIndexOverDuplicatesIsRefused() {
        withMessages(dir.resolve("readmodels.mv"), messages -> {
            messages.createIndex(Indexes.ascending("chatId", "seq"), new IndexOptions().unique(true));
            messages.insertOne(new Document("_id", "c1:1").append("chatId", "c1").append("seq", 1L));
            List<Document> batch = List.of(
                    new Document("_id", "c1:2").append("chatId", "c1").append("seq", 2L),
                    new Document("_id", "c1:1").append("chatId", "c1").append("seq", 9L),
                    new Document("_id", "other").append("chatId", "c1").append("seq", 2.0),
                    new Document("_id", "c1:3").append("chatId", "c1").append("seq", 3L));
            assertThatThrownBy(() -> messages.insertMany(batch, new InsertManyOptions().ordered(false)))
                    .isInstanceOfSatisfying(MongoBulkWriteException.class, e -> assertThat(e.getWriteErrors())
                            .extracting(error -> error.getIndex() + ":" + error.getCode()).containsExactly("1:11000", "2:11000"));
            assertThat(seqs(messages.find(new Document("chatId", "c1")).sort(new Document("seq", 1)))).containsExactly(1L, 2L, 3L);
            assertThat(messages.find(new Document("chatId", "c1").append("seq", 2L)).first()).containsEntry("_id", "c1:2");
            assertThat(messages.countDocuments(new Document("chatId", "c1").append("seq", 9L))).isZero();

            messages.insertOne(new Document("_id", "c2:1").append("chatId", "c2").append("seq", 1L).append("senderId", "ann"));
            messages.insertOne(new Document("_id", "c2:2").append("chatId", "c2").append("seq", 2L).append("senderId", "ann"));
            assertThatThrownBy(() -> messages.createIndex(Indexes.ascending("senderId"), new IndexOptions().unique(true)))
                    .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
            messages.insertOne(new Document("_id", "c2:3").append("chatId", "c2").append("seq", 3L).append("senderId", "ann"));
            assertThat(messages.countDocuments(new Document("senderId", "ann"))).as("no index was left behind").isEqualTo(3);
        });
    }

    @Test
    void aCompoundIndexAnswersRangesOnItsSecondKeyAsAScanWould() {
        withMessages(dir.resolve("readmodels.mv"), messages -> {
            messages.createIndex(Indexes.ascending("chatId", "seq"), new IndexOptions().unique(true));
            for (long seq = 1; seq <= 300; seq++) {
                messages.insertOne(new Document("_id", "c" + seq % 3 + ":" + seq).append("chatId", "c" + seq % 3)
                        .append("seq", seq).append("senderId", seq % 2 == 0 ? "ann" : "ben"));
            }
            messages.insertOne(new Document("_id", "c1:none").append("chatId", "c1"));

            assertThat(seqs(messages.find(new Document("chatId", "c1").append("seq", new Document("$gt", 280L)))
                    .sort(new Document("seq", 1)))).containsExactly(283L, 286L, 289L, 292L, 295L, 298L);
            assertThat(seqs(messages.find(new Document("chatId", "c1").append("seq", new Document("$lt", 10L)))
                    .sort(new Document("seq", -1)).limit(2))).containsExactly(7L, 4L);
            assertThat(seqs(messages.find(new Document("chatId", "c2")
                    .append("seq", new Document("$gte", 101L).append("$gt", 95L).append("$lte", 110.0)))))
                    .containsExactlyInAnyOrder(101L, 104L, 107L, 110L);
            assertThat(seqs(messages.find(new Document("chatId", "c0")).sort(new Document("seq", -1)).limit(1))).containsExactly(300L);
            assertThat(messages.countDocuments(new Document("chatId", "c1").append("seq", new Document("$gt", 250L))
                    .append("senderId", new Document("$ne", "ann")))).isEqualTo(8);
            assertThat(messages.countDocuments(new Document("chatId", "c1"))).as("also the one without a seq").isEqualTo(101);
            assertThat(messages.countDocuments(new Document("chatId", "c9").append("seq", new Document("$gt", 0L)))).isZero();
        });
    }

    /**
     * A query that names an index's keys exactly and asks more of other fields (a chat by id for a member, a message
     * by id from a sender) is served by that index, and answers as a scan would.
     */
    @Test
    void anExactMatchOnAnIndexServesAQueryWithMoreConditions() {
        withStore(dir.resolve("readmodels.mv"), (backend, messages) -> {
            messages.createIndex(Indexes.ascending("chatId", "seq"), new IndexOptions().unique(true));
            for (long seq = 1; seq <= 300; seq++) {
                messages.insertOne(new Document("_id", "c" + seq % 3 + ":" + seq).append("chatId", "c" + seq % 3)
                        .append("seq", seq).append("senderId", seq % 2 == 0 ? "ann" : "ben"));
            }

            assertThat(messages.find(new Document("_id", "c1:100").append("senderId", "ann")).first()).containsEntry("seq", 100L);
            assertThat(messages.find(new Document("_id", "c1:100").append("senderId", "ben")).first()).isNull();
            assertThat(seqs(messages.find(new Document("_id", new Document("$in", List.of("c1:100", "c2:101", "c0:102", "c0:99")))
                    .append("senderId", "ann")))).containsExactlyInAnyOrder(100L, 102L);
            assertThat(messages.find(new Document("chatId", "c1").append("seq", 100L).append("senderId", "ann")).first())
                    .containsEntry("_id", "c1:100");
            assertThat(messages.updateOne(new Document("_id", "c1:100").append("senderId", "ben"),
                    new Document("$set", new Document("text", "hi"))).getMatchedCount()).isZero();
            assertThat(messages.updateOne(new Document("_id", "c1:100").append("senderId", "ann"),
                    new Document("$set", new Document("text", "hi"))).getModifiedCount()).isOne();

            var collection = (AbstractMongoCollection<Object>) backend.resolveDatabase("parley").resolveCollection("messages", true);
            var byIdFromBen = new de.bwaldvogel.mongo.bson.Document("_id", "c1:100").append("senderId", "ben");
            var bySeqFromBen = new de.bwaldvogel.mongo.bson.Document("chatId", "c1").append("seq", 100L).append("senderId", "ben");
            assertThat(collection.getIndexes()).hasSize(2).allSatisfy(index -> {
                var query = "_id_".equals(index.getName()) ? byIdFromBen : bySeqFromBen;
                assertThat(index.canHandle(query)).as(index.getName()).isTrue();
                assertThat(index.getPositions(query)).as(index.getName()).hasSize(1);
            });
        });
    }

    /**
     * An index that is not unique (a chat list by member, an inbox by user) is kept, an entry per element of an array:
     * a query that names its first key reads that key's documents, and answers as a scan would, through inserts,
     * updates, deletes, a restart and a dropped collection.
     */
    @Test
    void anIndexThatIsNotUniqueServesQueriesOnItsFirstKey() {
        Path file = dir.resolve("readmodels.mv");
        Document byMember = new Document("participants", "u3");
        Document newestFirst = new Document("updatedAt", -1);
        withStore(file, (backend, chats) -> {
            chats.createIndex(Indexes.compoundIndex(Indexes.ascending("participants"), Indexes.descending("updatedAt")));
            for (int i = 0; i < 100; i++) {
                chats.insertOne(new Document("_id", "c" + i).append("participants", List.of("u" + i % 10, "u" + (10 + i % 7)))
                        .append("updatedAt", i));
            }
            assertThat(ids(chats.find(byMember).sort(newestFirst)))
                    .containsExactly("c93", "c83", "c73", "c63", "c53", "c43", "c33", "c23", "c13", "c3");

            chats.updateOne(new Document("_id", "c13"), new Document("$set", new Document("participants", List.of("u4", "u10"))));
            chats.updateOne(new Document("_id", "c23"), new Document("$set", new Document("updatedAt", 1000)));
            chats.deleteOne(new Document("_id", "c33"));
            chats.insertOne(new Document("_id", "solo").append("participants", "u3").append("updatedAt", 50));
            assertThat(ids(chats.find(byMember).sort(newestFirst)))
                    .containsExactly("c23", "c93", "c83", "c73", "c63", "c53", "solo", "c43", "c3");
            assertThat(chats.countDocuments(new Document("participants", "u3").append("updatedAt", new Document("$gt", 60))))
                    .isEqualTo(5);
            assertThat(ids(chats.find(new Document("participants", "u10")).sort(newestFirst)))
                    .containsExactly("c98", "c91", "c84", "c77", "c70", "c63", "c56", "c49", "c42", "c35", "c28", "c21", "c14",
                            "c13", "c7", "c0");
            assertThat(positions(backend, "u3")).hasSize(9);
        });

        withStore(file, (backend, chats) -> {
            assertThat(ids(chats.find(byMember).sort(newestFirst)))
                    .containsExactly("c23", "c93", "c83", "c73", "c63", "c53", "solo", "c43", "c3");
            assertThat(positions(backend, "u3")).as("after a restart").hasSize(9);

            chats.drop();
            chats.createIndex(Indexes.compoundIndex(Indexes.ascending("participants"), Indexes.descending("updatedAt")));
            chats.insertOne(new Document("_id", "c3").append("participants", List.of("u3")).append("updatedAt", 1));
            assertThat(ids(chats.find(byMember))).containsExactly("c3");
            assertThat(positions(backend, "u3")).as("after the collection was dropped").hasSize(1);
        });
    }

    /**
     * The driver counts with an aggregation ({@code countDocuments}), which the store answers with the collection's
     * own count through its indexes: the same answers as the aggregation's scan, with a skip and a limit, for a
     * filter no index serves, for nothing found and for a collection that does not exist.
     */
    @Test
    void countsAnswerAsTheAggregationWould() {
        withStore(dir.resolve("readmodels.mv"), (backend, notifications) -> {
            notifications.createIndex(Indexes.compoundIndex(Indexes.ascending("userId"), Indexes.descending("createdAt")));
            for (int i = 0; i < 60; i++) {
                notifications.insertOne(new Document("_id", "n" + i).append("userId", "u" + i % 3).append("read", i % 4 == 0)
                        .append("createdAt", i));
            }
            Document unread = new Document("userId", "u1").append("read", false);
            assertThat(notifications.countDocuments(unread)).isEqualTo(15);
            assertThat(notifications.countDocuments(unread, new CountOptions().skip(10))).isEqualTo(5);
            assertThat(notifications.countDocuments(unread, new CountOptions().limit(4))).isEqualTo(4);
            assertThat(notifications.countDocuments(unread, new CountOptions().skip(12).limit(4))).isEqualTo(3);
            assertThat(notifications.countDocuments(new Document("read", true))).isEqualTo(15);
            assertThat(notifications.countDocuments(new Document("userId", "u9"))).isZero();
            assertThat(notifications.countDocuments()).isEqualTo(60);
            assertThat(notifications.aggregate(List.of(new Document("$match", unread), new Document("$group",
                    new Document("_id", "$read").append("n", new Document("$sum", 1))))).first())
                    .as("another pipeline runs as before").isEqualTo(new Document("_id", false).append("n", 15));
        });
        withStore(dir.resolve("other.mv"), (backend, none) -> assertThat(none.countDocuments(new Document("userId", "u1"))).isZero());
    }

    /** The positions the collection's index that is not unique gives for a member, from the index itself. */
    private static List<Object> positions(ConsistentH2Backend backend, String member) {
        var collection = (AbstractMongoCollection<Object>) backend.resolveDatabase("parley").resolveCollection("messages", true);
        var query = new de.bwaldvogel.mongo.bson.Document("participants", member);
        var index = collection.getIndexes().stream().filter(i -> !i.isUnique()).findFirst().orElseThrow();
        assertThat(index.canHandle(query)).isTrue();
        List<Object> positions = new ArrayList<>();
        index.getPositions(query).forEach(positions::add);
        return positions;
    }

    private static List<Object> ids(Iterable<Document> documents) {
        List<Object> ids = new ArrayList<>();
        documents.forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    private static List<Object> seqs(Iterable<Document> documents) {
        List<Object> seqs = new ArrayList<>();
        documents.forEach(document -> seqs.add(document.get("seq")));
        return seqs;
    }

    @Test
    void aReadStoreOfAnotherFormatIsDeletedAndStartsEmpty() {
        Path file = dir.resolve("readmodels.mv");
        MVStore old = new MVStore.Builder().fileName(file.toString()).open();
        old.openMap("databases.parley.messages").put("c1:1", "written by an older version");
        old.close();

        withMessages(file, messages -> {
            assertThat(messages.countDocuments()).isZero();
            messages.insertOne(new Document("_id", "c1:1"));
        });
        withMessages(file, messages -> assertThat(messages.countDocuments()).as("kept: the format is current").isOne());
    }

    /**
     * MVStore commits by itself, in the middle of whatever write is under way, once its unsaved changes pass its
     * buffer (about 19 MB by default, even with auto-commit "disabled"): a message could reach the file without its
     * index entries, and a history page, which reads the index, would miss it for good. A copy of the file taken
     * while the store is open is what a crash leaves behind.
     */
    @Test
    void nothingReachesTheFileBetweenCommitsHoweverMuchIsWritten() throws IOException {
        Path file = dir.resolve("readmodels.mv");
        Path crashed = dir.resolve("crashed.mv");
        ConsistentH2Backend backend = new ConsistentH2Backend(file);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            MongoCollection<Document> messages = client.getDatabase("parley").getCollection("messages");
            messages.createIndex(Indexes.ascending("chatId", "seq"), new IndexOptions().unique(true));
            backend.commitWholeOperations();
            String text = "x".repeat(200);
            for (int batch = 0; batch < 100; batch++) {
                List<Document> documents = new ArrayList<>();
                for (long seq = batch * 1_000L + 1; seq <= (batch + 1) * 1_000L; seq++) {
                    documents.add(new Document("_id", "c:" + seq).append("chatId", "c").append("seq", seq).append("text", text));
                }
                messages.insertMany(documents);
            }
            Files.copy(file, crashed);
        } finally {
            server.shutdownNow();
            backend.close();
        }

        withMessages(crashed, messages -> assertThat(messages.countDocuments()).as("messages written after the last commit").isZero());
    }

    private static void withMessages(Path file, Consumer<MongoCollection<Document>> use) {
        withStore(file, (backend, messages) -> use.accept(messages));
    }

    private static void withStore(Path file, BiConsumer<ConsistentH2Backend, MongoCollection<Document>> use) {
        ConsistentH2Backend backend = new ConsistentH2Backend(file);
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort())) {
            use.accept(backend, client.getDatabase("parley").getCollection("messages"));
        } finally {
            server.shutdownNow();
            backend.commitWholeOperations();
            backend.close();
        }
    }
}
