package io.parley.command.support;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ReadModel#awaitWritten} and {@link ReadModel#awaitBefore} on Axon's own query bus: answered by the writer, or
 * found by asking again.
 */
class ReadModelTest {

    record FindNote(String id) {
    }

    /** A read store with its query handler, counting how often it is asked. */
    static class Notes {
        final Map<String, String> stored = new ConcurrentHashMap<>();
        final AtomicInteger asked = new AtomicInteger();

        @QueryHandler
        String handle(FindNote query) {
            asked.incrementAndGet();
            return stored.get(query.id());
        }
    }

    private final Notes notes = new Notes();
    private final SimpleQueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
    private ReadModel readModel;

    @BeforeEach
    void bus() {
        SimpleQueryBus bus = SimpleQueryBus.builder().queryUpdateEmitter(emitter).build();
        new AnnotationQueryHandlerAdapter<>(notes).subscribe(bus);
        readModel = new ReadModel(DefaultQueryGateway.builder().queryBus(bus).build(), Duration.ofSeconds(2));
    }

    @Test
    void anAnswerStoredAlreadyIsReturnedAtOnce() {
        notes.stored.put("a", "stored");

        assertThat(written("a")).isEqualTo("stored");
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void theWritersAnswerEndsTheWait() throws Exception {
        Thread writer = new Thread(() -> {
            until(() -> !emitter.activeSubscriptions().isEmpty());
            emitter.emit(FindNote.class, query -> query.id().equals("b"), "answered");
        });
        writer.start();

        // Never stored: only the writer's answer can end the wait.
        assertThat(written("b")).isEqualTo("answered");
        writer.join();
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void theCallerIsNotHeldWhileTheAnswerIsOnItsWay() {
        CompletableFuture<String> answer = readModel.awaitWritten(new FindNote("e"), String.class);

        assertThat(answer).isNotDone();
        emitter.emit(FindNote.class, query -> query.id().equals("e"), "answered later");
        assertThat(answer.join()).isEqualTo("answered later");
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void anAnswerForAnotherQueryDoesNotEndTheWait() {
        Thread writer = new Thread(() -> {
            until(() -> !emitter.activeSubscriptions().isEmpty());
            emitter.emit(FindNote.class, query -> query.id().equals("other"), "not this one");
            notes.stored.put("c", "stored later");
        });
        writer.start();

        assertThat(written("c")).isEqualTo("stored later");
    }

    @Test
    void withoutAnAnswerItAsksAgainUntilTheStoreHasIt() {
        Thread writer = new Thread(() -> {
            until(() -> notes.asked.get() >= 3);
            notes.stored.put("d", "written elsewhere");
        });
        writer.start();

        assertThat(written("d")).isEqualTo("written elsewhere");
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void nothingWithinTheTimeoutIsServiceUnavailable() {
        assertThatThrownBy(() -> written("never"))
                .isInstanceOfSatisfying(ParleyException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void aWaitBegunBeforeTheChangeTakesTheAnswerToldMeanwhileWithoutAskingTheStore() {
        ReadModel.Awaited<String> awaited = readModel.awaitBefore(new FindNote("f"), String.class);
        emitter.emit(FindNote.class, query -> query.id().equals("f"), "told before the change returned");

        assertThat(awaited.answer(new FindNote("f")).join()).isEqualTo("told before the change returned");
        assertThat(notes.asked).as("store asks").hasValue(0);
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void aWaitBegunBeforeTheChangeAsksAgainByWhatTheChangeTold() {
        ReadModel.Awaited<String> awaited = readModel.awaitBefore(new FindNote("by its id"), String.class);
        Thread writer = new Thread(() -> {
            until(() -> notes.asked.get() >= 2);
            notes.stored.put("g", "written elsewhere");
        });
        writer.start();

        assertThat(awaited.answer(new FindNote("g")).join()).isEqualTo("written elsewhere");
        assertThat(emitter.activeSubscriptions()).isEmpty();
    }

    @Test
    void aWaitCancelledLeavesNoSubscription() {
        ReadModel.Awaited<String> awaited = readModel.awaitBefore(new FindNote("h"), String.class);
        assertThat(emitter.activeSubscriptions()).hasSize(1);

        awaited.cancel();
        assertThat(emitter.activeSubscriptions()).isEmpty();
        assertThat(notes.asked).hasValue(0);
    }

    /** The awaited answer, or the error it failed with. */
    private String written(String id) {
        try {
            return readModel.awaitWritten(new FindNote(id), String.class).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.onSpinWait();
        }
    }
}
