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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Chat commands that arrive while others are being stored are stored together: one writer thread handles each
 * waiting command in its own nested unit of work inside one root unit of work and one database transaction, so a
 * group of commands costs one commit instead of one each. Axon defers the nested units' event appends and their
 * after-commit work (the event store waking its processors, the chat cache) to the root, and a chat touched twice
 * in a group is the same loaded instance both times, so seqs stay gapless. Commands are stored in the order they
 * were submitted.
 * <p>A command's future completes once its group is committed: nothing is acknowledged before it is stored. If any
 * command of a group fails, the whole group is rolled back (the nested units' rollback evicts their cached chats)
 * and the writer sends each of its commands alone, in order, which gives each its own result or error; failures
 * are rare (the API checks most rules before sending), so this keeps the group path simple. Grouping needs
 * handlers that run in this process, in this thread: with a distributed command bus (Axon Server) commands are
 * sent alone.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
    /** Commands per group at most: bounds a transaction's size and the wait of the group's first sender. */
    static final int MAX_GROUP = 256;

    /** A command waiting for the next group: with the sender's logging context and how to send it alone. */
    private record Waiting(Object command, Map<String, String> mdc, Supplier<?> alone, CompletableFuture<Object> result) {
    }

    private final CommandGateway commands;
    private final TransactionManager transactions;
    private final boolean enabled;
    private final long lingerNanos;
    private final long gapNanos;
    private final BlockingQueue<Waiting> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread writer;

    GroupCommit(CommandGateway commands, CommandBus commandBus, TransactionManager transactions,
                @Value("${parley.chat.group-commit:true}") boolean enabled,
                @Value("${parley.chat.group-linger:4ms}") Duration linger,
                @Value("${parley.chat.group-gap:1ms}") Duration gap) {
        this.commands = commands;
        this.transactions = transactions;
        this.enabled = enabled && commandBus instanceof SimpleCommandBus;
        this.lingerNanos = linger.toNanos();
        this.gapNanos = gap.toNanos();
    }

    /**
     * Queues the command for the next group, or sends it {@code alone} (in this thread) if grouping is not possible.
     * The future completes with the command's result once it is stored, or with its error.
     */
    @SuppressWarnings("unchecked")
    <R> CompletableFuture<R> submit(Object command, Supplier<R> alone) {
        if (running) {
            Waiting waiting = new Waiting(command, MDC.getCopyOfContextMap(), alone, new CompletableFuture<>());
            queue.add(waiting);
            // Added as the writer stopped: whoever removes it first (the writer stores what it takes) decides.
            if (running || !queue.remove(waiting)) {
                return (CompletableFuture<R>) waiting.result();
            }
        }
        try {
            return CompletableFuture.completedFuture(alone.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@link #submit} and wait: returns the command's result or throws its error. */
    <R> R send(Object command, Supplier<R> alone) {
        return join(submit(command, alone));
    }

    /** The future's result, or its error as thrown where it arose (not wrapped in a {@link CompletionException}). */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Commands waiting for the next group. */
    int queued() {
        return queue.size();
    }

    /**
     * The writer takes what waits, and what goes on arriving after the first command, as one group: it stores the
     * group once no command came for the gap time, the linger time after the first command, or at
     * {@link #MAX_GROUP} commands, whichever is first. A commit costs about as much for one command as for ten, and each
     * commit wakes every event processor for a batch of its own, so under load waiting a few milliseconds for company
     * costs less than committing alone; a lone command waits only the gap. It is never interrupted: H2 closes its
     * file when a thread is interrupted in the middle of a write, so an interrupt only ends the loop.
     */
    private void run() {
        List<Waiting> group = new ArrayList<>(MAX_GROUP);
        boolean interrupted = false;
        while ((running || !queue.isEmpty()) && !interrupted) {
            try {
                Waiting first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                gatherUntil(System.nanoTime() + lingerNanos, group);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            store(group);
            group.clear();
        }
        queue.drainTo(group);
        group.forEach(this::storeAlone);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Adds what waits, then what arrives before {@code deadline} (a {@link System#nanoTime()}) with no gap longer than
     * the gap time, up to a full group.
     */
    private void gatherUntil(long deadline, List<Waiting> group) throws InterruptedException {
        queue.drainTo(group, MAX_GROUP - group.size());
        long left;
        while (group.size() < MAX_GROUP && (left = deadline - System.nanoTime()) > 0) {
            Waiting next = queue.poll(Math.min(left, gapNanos), TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, MAX_GROUP - group.size());
        }
    }

    private void store(List<Waiting> group) {
        if (group.isEmpty()) {
            return;
        }
        List<Object> results = new ArrayList<>(group.size());
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(null);
        try {
            root.attachTransaction(transactions);
            for (Waiting waiting : group) {
                results.add(withContext(waiting, () -> commands.send(waiting.command()).join()));
            }
            root.commit();
        } catch (RuntimeException | Error failure) {
            if (root.isActive()) {
                root.rollback(failure);
            }
            log.debug("A group of {} chat commands failed; each is sent alone", group.size(), failure);
            group.forEach(this::storeAlone);
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).result().complete(results.get(i));
        }
    }

    /** Sends the command by itself, as its sender would, and completes its future with the outcome. */
    private void storeAlone(Waiting waiting) {
        try {
            waiting.result().complete(withContext(waiting, waiting.alone()));
        } catch (RuntimeException e) {
            waiting.result().completeExceptionally(e);
        }
    }

    /**
     * Runs with the sender's logging context (which the gateway turns into the command's correlation metadata); the
     * writer has no context of its own. A command sent here is handled in a unit of work nested in the group's.
     */
    private static <T> T withContext(Waiting waiting, Supplier<T> work) {
        if (waiting.mdc() != null) {
            MDC.setContextMap(waiting.mdc());
        }
        try {
            return work.get();
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
