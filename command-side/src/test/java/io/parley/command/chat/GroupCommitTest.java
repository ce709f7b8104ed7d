package io.parley.command.chat;

import io.parley.api.ParleyException;
import io.parley.api.TargetId;
import io.parley.api.chat.ChatCommands.SendMessage;
import io.parley.api.chat.ChatCommands.SentMessage;
import io.parley.command.connection.ConnectedUsers;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The group commit on a real command bus and event store: what waits while a group is stored goes into the next
 * group, in one transaction, and a failing command (or transaction) sends its whole group alone without costing
 * the others.
 */
class GroupCommitTest {

    private static final List<String> PAIR = List.of("ann", "ben");
    private static final String CHAT = ChatService.directChatId(PAIR);

    private final Transactions transactions = new Transactions();
    private Configuration axon;
    private CommandGateway gateway;
    private GroupCommit groupCommit;

    @BeforeEach
    void setUp() {
        ConnectedUsers connections = mock(ConnectedUsers.class);
        when(connections.accepted(anyString(), anyString())).thenReturn(true);
        // Not located: the Axon Server connector's module, which would route commands through a server.
        axon = DefaultConfigurer.defaultConfiguration(false)
                .configureSerializer(c -> JacksonSerializer.defaultSerializer())
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Chat.class)
                        .configureCommandTargetResolver(c -> AnnotationCommandTargetResolver.builder()
                                .targetAggregateIdentifierAnnotation(TargetId.class).build()))
                .registerComponent(ConnectedUsers.class, c -> connections)
                .configureTransactionManager(c -> transactions)
                .buildConfiguration();
        axon.start();
        gateway = axon.commandGateway();
        startWriter(Duration.ofMillis(1), Duration.ofMillis(1));
    }

    private void startWriter(Duration linger, Duration gap) {
        if (groupCommit != null) {
            groupCommit.stop();
        }
        groupCommit = new GroupCommit(gateway, axon.commandBus(), transactions, true, linger, gap);
        groupCommit.start();
    }

    @AfterEach
    void tearDown() {
        groupCommit.stop();
        axon.shutdown();
    }

    @Test
    void commandsThatWaitWhileAGroupIsStoredAreStoredTogetherWithGaplessSeqs() throws Exception {
        CompletableFuture<SentMessage> first = sendWhileTheFirstGroupIsHeld("ann");
        List<CompletableFuture<SentMessage>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiting.add(sendAsync(i % 2 == 0 ? "ben" : "ann"));
        }
        awaitQueued(10);
        transactions.release();

        List<Long> seqs = new ArrayList<>();
        seqs.add(first.get(10, TimeUnit.SECONDS).seq());
        for (CompletableFuture<SentMessage> sent : waiting) {
            seqs.add(sent.get(10, TimeUnit.SECONDS).seq());
        }
        assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 11).boxed().toList());
        assertThat(transactions.commits).as("the first group, then the ten that waited").hasValue(2);
        assertThat(transactions.rollbacks).hasValue(0);
    }

    @Test
    void aFailingCommandSendsItsGroupAloneAndOnlyItFails() throws Exception {
        CompletableFuture<SentMessage> first = sendWhileTheFirstGroupIsHeld("ann");
        List<CompletableFuture<SentMessage>> valid = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            valid.add(sendAsync("ben"));
        }
        CompletableFuture<SentMessage> stranger = sendAsync("cat");
        for (int i = 0; i < 3; i++) {
            valid.add(sendAsync("ann"));
        }
        awaitQueued(7);
        transactions.release();

        List<Long> seqs = new ArrayList<>();
        seqs.add(first.get(10, TimeUnit.SECONDS).seq());
        for (CompletableFuture<SentMessage> sent : valid) {
            seqs.add(sent.get(10, TimeUnit.SECONDS).seq());
        }
        assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 7).boxed().toList());
        assertThatThrownBy(() -> stranger.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ParleyException.class);
        assertThat(transactions.rollbacks).as("the failed group, then the stranger's own").hasValue(2);
        assertThat(transactions.commits).as("the first group, then each valid command alone").hasValue(1 + 6);
    }

    @Test
    void submittingDoesNotWaitAndCommandsAreStoredInTheOrderSubmitted() throws Exception {
        CompletableFuture<SentMessage> first = sendWhileTheFirstGroupIsHeld("ann");
        List<CompletableFuture<SentMessage>> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SendMessage command = command(i % 2 == 0 ? "ben" : "ann");
            next.add(groupCommit.submit(command, () -> gateway.sendAndWait(command)));
        }
        assertThat(next).as("queued behind the held group, on this very thread").noneMatch(CompletableFuture::isDone);
        transactions.release();

        List<Long> seqs = new ArrayList<>();
        seqs.add(first.get(10, TimeUnit.SECONDS).seq());
        for (CompletableFuture<SentMessage> sent : next) {
            seqs.add(sent.get(10, TimeUnit.SECONDS).seq());
        }
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aGroupWhoseTransactionCannotStartIsSentAloneAndTheWriterGoesOn() throws Exception {
        transactions.release();
        transactions.failNextStart.set(true);
        SentMessage alone = sendAsync("ann").get(10, TimeUnit.SECONDS);
        SentMessage grouped = sendAsync("ben").get(10, TimeUnit.SECONDS);

        assertThat(List.of(alone.seq(), grouped.seq())).containsExactly(1L, 2L);
        assertThat(transactions.commits).as("ann's message alone, then ben's in a group").hasValue(2);
    }

    @Test
    void commandsArrivingWithinTheGapOfEachOtherShareAGroupUntilTheLingerTimeEnds() throws Exception {
        transactions.release();
        startWriter(Duration.ofSeconds(30), Duration.ofSeconds(1));
        long start = System.nanoTime();
        SentMessage lone = sendAsync("ann").get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a lone command waits the gap, not the linger time")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(lone.seq()).isEqualTo(1);
        assertThat(transactions.commits).hasValue(1);

        List<CompletableFuture<SentMessage>> steady = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            steady.add(sendAsync(i % 2 == 0 ? "ben" : "ann"));
            Thread.sleep(20);
        }
        for (CompletableFuture<SentMessage> sent : steady) {
            sent.get(10, TimeUnit.SECONDS);
        }
        assertThat(transactions.commits).as("five commands 20 ms apart, with a gap of 1 s: one group").hasValue(2);

        startWriter(Duration.ofMillis(300), Duration.ofSeconds(1));
        List<CompletableFuture<SentMessage>> longer = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            longer.add(sendAsync("ben"));
            Thread.sleep(20);
        }
        for (CompletableFuture<SentMessage> sent : longer) {
            sent.get(10, TimeUnit.SECONDS);
        }
        assertThat(transactions.commits.get() - 2).as("800 ms of commands, groups of at most 300 ms").isGreaterThanOrEqualTo(2);
    }

    /** Ann's first message, whose group is held in its transaction's start until {@link Transactions#release()}. */
    private CompletableFuture<SentMessage> sendWhileTheFirstGroupIsHeld(String sender) throws InterruptedException {
        CompletableFuture<SentMessage> first = sendAsync(sender);
        assertThat(transactions.held.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private static SendMessage command(String sender) {
        return new SendMessage(CHAT, UUID.randomUUID().toString(), sender, "hi", null,
                sender.equals("cat") ? null : PAIR, Instant.now(), null, null);
    }

    private CompletableFuture<SentMessage> sendAsync(String sender) {
        SendMessage command = command(sender);
        return CompletableFuture.supplyAsync(() -> groupCommit.send(command, () -> gateway.sendAndWait(command)),
                runnable -> new Thread(runnable).start());
    }

    private void awaitQueued(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (groupCommit.queued() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(groupCommit.queued()).isEqualTo(count);
    }

    /**
     * Transactions as Spring runs them: one per thread, which a transaction started inside it joins. The first one
     * is held at its start until released.
     */
    private static final class Transactions implements TransactionManager {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger rollbacks = new AtomicInteger();
        final AtomicBoolean failNextStart = new AtomicBoolean();
        private final ThreadLocal<Boolean> active = ThreadLocal.withInitial(() -> false);

        void release() {
            released.countDown();
        }

        @Override
        public Transaction startTransaction() {
            if (active.get()) {
                return new Transaction() {
                    @Override
                    public void commit() {
                    }

                    @Override
                    public void rollback() {
                    }
                };
            }
            if (failNextStart.compareAndSet(true, false)) {
                throw new IllegalStateException("no connection");
            }
            if (held.getCount() > 0) {
                held.countDown();
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            active.set(true);
            return new Transaction() {
                @Override
                public void commit() {
                    commits.incrementAndGet();
                    active.set(false);
                }

                @Override
                public void rollback() {
                    rollbacks.incrementAndGet();
                    active.set(false);
                }
            };
        }
    }
}
