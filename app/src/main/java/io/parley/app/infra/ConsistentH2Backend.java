package io.parley.app.infra;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * mongo-java-server's H2 backend writes one Mongo operation as several MVStore map changes (the document, each
 * index), and MVStore's own commits (on a timer, and when its unsaved changes pass its write buffer) may persist the
 * state between them: after a crash, a document without its index entries (or the reverse), which a replayed write
 * would not repair. Here MVStore commits only when told to, every operation holds a read lock, and
 * {@link #commitWholeOperations()} takes the write lock: only whole operations reach the file. What a crash loses is the last commit interval of read-model writes, which the projections redo
 * from their (equally old) tracking tokens.
 * <p>
 * Databases use {@link ReadStoreTypes}. The file records their {@link #FORMAT}: a read store written in another
 * format (other index order, other document encoding) is deleted at start-up, and the projections rebuild it from
 * the event store.
 */
final class ConsistentH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(ConsistentH2Backend.class);
    static final String FORMAT = "parley-4";
    private static final String FORMAT_MAP = "parley.format";

    private static final Document COUNT = new Document("$group", new Document("_id", 1).append("n", new Document("$sum", 1)));

    private final ReadWriteLock operations = new ReentrantReadWriteLock();

    ConsistentH2Backend(Path file) {
        super(open(file));
    }

    private static MVStore open(Path file) {
        MVStore store = builder(file).open();
        MVMap<String, String> format = store.openMap(FORMAT_MAP);
        if (FORMAT.equals(format.get("format"))) {
            return store;
        }
        boolean written = store.getMapNames().size() > 1;
        if (written) {
            store.closeImmediately();
            log.warn("Read store {} has an older format: deleting it; the projections rebuild it from the event store", file);
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store = builder(file).open();
            format = store.openMap(FORMAT_MAP);
        }
        format.put("format", FORMAT);
        return store;
    }

    /**
     * Neither on a timer nor when its unsaved changes pass its write buffer: H2's {@code autoCommitDisabled()} stops
     * only the timer, and the buffer's commit runs inside whatever write tips it over (about 19 MB of changes, a few
     * seconds of a projection's replay), so a document could reach the file without its index entries.
     */
    private static MVStore.Builder builder(Path file) {
        return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().autoCommitBufferSize(0);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String name) {
        return new Database(name);
    }

    /**
     * A database on this backend's store with {@link ReadStoreTypes}, under H2Database's map names. An inner class:
     * H2Database opens its collections and indexes in its constructor, before a field of a subclass could hold the
     * store.
     */
    private final class Database extends H2Database {
        Database(String name) {
            super(name, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return ReadStoreTypes.openIndex(getMvStore(), getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                    indexName, keys, sparse);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return ReadStoreTypes.openSecondaryIndex(getMvStore(), getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                    indexName, keys, sparse);
        }

        /**
         * The Mongo driver counts ({@code countDocuments}, so Spring's {@code count}) with an aggregation: {@code $match},
         * maybe {@code $skip} and {@code $limit}, then a {@code $group} that sums 1. mongo-java-server runs a
         * {@code $match} stage over every document of the collection, without its indexes, so an unread count read
         * the whole collection. That pipeline is answered by the collection's own count, which queries through the
         * indexes, as its {@code count} command does; any other pipeline runs as before.
         */
        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databases, Oplog oplog) {
            Document counted = "aggregate".equals(command) ? countDocuments(query) : null;
            return counted != null ? counted : super.handleCommand(channel, command, query, databases, oplog);
        }

        private Document countDocuments(Document aggregate) {
            if (!(aggregate.get("pipeline") instanceof List<?> stages) || stages.size() < 2 || stages.size() > 4
                    || !(stages.get(0) instanceof Document first) || first.size() != 1 || !(first.get("$match") instanceof Document match)
                    || !COUNT.equals(stages.get(stages.size() - 1))) {
                return null;
            }
            int skip = 0;
            int limit = 0;
            for (Object stage : stages.subList(1, stages.size() - 1)) {
                if (!(stage instanceof Document step) || step.size() != 1) {
                    return null;
                }
                if (step.get("$skip") instanceof Number n && skip == 0 && limit == 0) {
                    skip = n.intValue();
                } else if (step.get("$limit") instanceof Number n && limit == 0) {
                    limit = n.intValue();
                } else {
                    return null;
                }
            }
            String name = aggregate.get("aggregate").toString();
            MongoCollection<Object> collection = resolveCollection(name, false);
            int count = collection == null ? 0 : collection.count(match, skip, limit);
            List<Document> batch = count == 0 ? List.of() : List.of(new Document("_id", 1).append("n", count));
            return new Document("cursor", new Document("id", 0L).append("ns", getDatabaseName() + "." + name).append("firstBatch", batch))
                    .append("ok", 1.0);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            return new H2Collection(this, collectionName, options, ReadStoreTypes.openDocuments(getMvStore(), "databases." + namespace),
                    getMvStore().openMap("meta." + namespace), cursorRegistry);
        }
    }

    @Override
    public Document handleMessage(MongoMessage message) {
        return whole(() -> super.handleMessage(message));
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        return whole(() -> super.handleCommand(channel, database, command, query));
    }

    @Override
    public QueryResult handleQuery(MongoQuery query) {
        return whole(() -> super.handleQuery(query));
    }

    void commitWholeOperations() {
        operations.writeLock().lock();
        try {
            commit();
        } finally {
            operations.writeLock().unlock();
        }
    }

    private <T> T whole(Supplier<T> operation) {
        operations.readLock().lock();
        try {
            return operation.get();
        } finally {
            operations.readLock().unlock();
        }
    }
}
