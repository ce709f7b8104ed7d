package io.parley.command.chat;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Chat commands that arrive while others are being stored are stored together: one writer thread handles each
 * waiting command in its own nested unit of work inside one root unit of work and one database transaction, so a
 * group of commands costs one commit instead of one each. Axon defers the nested units' event appends and their
 * after-commit work (the event store waking its processors, the chat cache) to the root, and a chat touched twice
 * in a group is the same loaded instance both times, so seqs stay gapless.
 * <p>Callers block until the group is committed: nothing is acknowledged before it is stored. If any command of a
 * group fails, the whole group is rolled back (the nested units' rollback evicts their cached chats) and every
 * caller sends its command alone, which gives each its own result or error; failures are rare (the API checks
 * most rules before sending), so this keeps the group path simple. Grouping needs handlers that run in this
 * process, in this thread: with a distributed command bus (Axon Server) commands are sent alone.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** Commands per group at most: bounds a transaction's size and the wait of the group's first sender. */
    static final int MAX_GROUP = 256;

    /** What a caller waits for: the command's result, or {@code null} when it is to send the command alone. */
    private record Waiting(Object command, Map<String, String> mdc, CompletableFuture<Stored> stored) {
    }

    private record Stored(Object result) {
    }

    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final boolean enabled;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    GroupCommit(CommandGateway commands, CommandBus commandBus, TransactionManager transactions,
                @Value("${parley.chat.group-commit:true}") boolean enabled) {
        this.commands = commands;
        this.transactions = transactions;
        this.enabled = enabled && commandBus instanceof SimpleCommandBus;
    }

    /** Stores the command in the next group and returns its result; sends it {@code alone} if that is not possible. */
    @SuppressWarnings("unchecked")
    <R> R send(Object command, Supplier<R> alone) {
        if (running) {
            Waiting waiting = new Waiting(command, MDC.getCopyOfContextMap(), new CompletableFuture<>());
            queue.add(waiting);
            // Added as the writer stopped: whoever removes it first (the writer hands it back) decides.
            if (running || !queue.remove(waiting)) {
                Stored stored = waiting.stored().join();
                if (stored != null) {
                    return (R) stored.result();
                }
            }
        }
        return alone.get();
    }

    /** Commands waiting for the next group. */
    int queued() {
        return queue.size();
    }

    /**
     * The writer takes what waits (up to {@link #MAX_GROUP}) as one group. It is never interrupted: H2 closes its
     * file when a thread is interrupted in the middle of a write.
     */
    private void run() {
        List<Waiting> group = new ArrayList<>(MAX_GROUP);
        while ((running || !queue.isEmpty()) && !Thread.currentThread().isInterrupted()) {
            try {
                Waiting first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                store(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                group.forEach(waiting -> waiting.stored().complete(null));
                group.clear();
            }
        }
        queue.drainTo(group);
        group.forEach(waiting -> waiting.stored().complete(null));
    }

    private void store(List<Waiting> group) {
        List<Object> results = new ArrayList<>(group.size());
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(null);
        try {
            root.attachTransaction(transactions);
            for (Waiting waiting : group) {
                results.add(handle(waiting));
            }
            root.commit();
        } catch (RuntimeException | Error failure) {
            if (root.isActive()) {
                root.rollback(failure);
            }
            log.debug("A group of {} chat commands failed; each is sent alone", group.size(), failure);
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).stored().complete(new Stored(results.get(i)));
        }
    }

    /**
     * Handles one command in a unit of work nested in the group's, with the sender's logging context (which the
     * gateway turns into the command's correlation metadata); the writer has no context of its own.
     */
    private Object handle(Waiting waiting) {
        if (waiting.mdc() != null) {
            MDC.setContextMap(waiting.mdc());
        }
        try {
            return commands.send(waiting.command()).join();
        } finally {
            MDC.clear();
        }
    }

    @Override
    public void start() {
        if (enabled) {
            running = true;
            writer = new Thread(this::run, "chat-group-commit");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /** Stops taking commands; what already waits is still stored. */
    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
