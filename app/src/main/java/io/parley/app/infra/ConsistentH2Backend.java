package io.parley.app.infra;

import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * mongo-java-server's H2 backend writes one Mongo operation as several MVStore map changes (the document, each
 * index), and MVStore's own background commit may persist the state between them: after a crash, an index entry
 * without its document, which a replayed upsert would not repair. Here MVStore's auto-commit is off, every
 * operation holds a read lock, and {@link #commitWholeOperations()} takes the write lock: only whole operations
 * reach the file. What a crash loses is the last commit interval of read-model writes, which the projections redo
 * from their (equally old) tracking tokens.
 */
final class ConsistentH2Backend extends H2Backend {

    private final ReadWriteLock operations = new ReentrantReadWriteLock();

    ConsistentH2Backend(Path file) {
        super(new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open());
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
