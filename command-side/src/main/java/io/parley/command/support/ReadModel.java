package io.parley.command.support;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Read-your-writes for command endpoints that answer with read-side JSON: after the command's events are
 * stored, wait (briefly) until the tracking projection has applied them, so the response and any later GET
 * agree. Goes through the query bus, never into another side's code.
 */
@Component
public class ReadModel {

    private static final long FIRST_PAUSE_MILLIS = 2;
    private static final long LAST_PAUSE_MILLIS = 50;

    private final QueryGateway queries;
    private final Duration timeout;

    ReadModel(QueryGateway queries, @Value("${parley.read-model.await-timeout:10s}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    /** The user's view once {@code ready} holds for it (null stands for "no such user"). */
    public UserView awaitUser(String userId, Predicate<UserView> ready) {
        return await(new FindUser(userId), UserView.class, ready);
    }

    /** The answer to {@code query} once {@code ready} holds for it (null stands for "not found"). */
    public <R> R await(Object query, Class<R> type, Predicate<R> ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = FIRST_PAUSE_MILLIS;
        while (true) {
            R view = queries.query(query, ResponseTypes.instanceOf(type)).join();
            if (ready.test(view)) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw notYetReadable();
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(LAST_PAUSE_MILLIS, pauseMillis * 2);
        }
    }

    /**
     * The answer to {@code query} once there is one, told by the projection that writes it as soon as it has: the
     * query is asked as a subscription query, which that projection answers when it runs on this node (the
     * {@code chats} projection for {@code FindMessage}). For a projection that runs on another node it is also asked
     * again, every {@value #LAST_PAUSE_MILLIS} ms: not sooner, since on one node each early ask is a wasted
     * read-store round trip while the answer is on its way anyway. No thread waits meanwhile: the future completes on
     * the thread that answers, or with {@code service_unavailable} after the timeout. The first ask runs on the
     * caller's thread (for a retried REST send, the chat writer's after its group's commit): handing it to threads of
     * its own measured slower (docs/DECISIONS.md "Performance (REST)").
     */
    public <R> CompletableFuture<R> awaitWritten(Object query, Class<R> type) {
        SubscriptionQueryResult<R, R> result = subscribe(query, type);
        return new Awaited<>(result, Flux.merge(result.initialResult(), result.updates()), type).answer(query);
    }

    /**
     * Begins waiting for the answer to {@code query} before the change that writes it is made, so the projection's
     * answer cannot pass unseen and the store need not be asked first: for a REST send that asking was two read-store
     * round trips, nearly always before the message was there. Then {@link Awaited#answer} or {@link Awaited#cancel}.
     */
    public <R> Awaited<R> awaitBefore(Object query, Class<R> type) {
        SubscriptionQueryResult<R, R> result = subscribe(query, type);
        return new Awaited<>(result, result.updates(), type);
    }

    private <R> SubscriptionQueryResult<R, R> subscribe(Object query, Class<R> type) {
        return queries.subscriptionQuery(query, ResponseTypes.instanceOf(type), ResponseTypes.instanceOf(type));
    }

    /** A wait for an answer that the projection tells this node's subscription. */
    public final class Awaited<R> {
        private final SubscriptionQueryResult<R, R> result;
        private final Class<R> type;
        private final CompletableFuture<R> answer = new CompletableFuture<>();
        private final Disposable told;

        private Awaited(SubscriptionQueryResult<R, R> result, Flux<R> answers, Class<R> type) {
            this.result = result;
            this.type = type;
            this.told = answers.subscribe(answer::complete, answer::completeExceptionally);
        }

        /**
         * The answer, told already or later, or found by asking {@code query} (which may name it otherwise than the
         * awaited query, once the change told more) every {@value #LAST_PAUSE_MILLIS} ms, for a projection that runs
         * on another node; {@code service_unavailable} after the timeout.
         */
        public CompletableFuture<R> answer(Object query) {
            Disposable askedAgain = Flux.interval(Duration.ofMillis(LAST_PAUSE_MILLIS)).onBackpressureDrop()
                    .concatMap(tick -> Mono.fromFuture(() -> queries.query(query, ResponseTypes.instanceOf(type))))
                    .subscribe(answer::complete, answer::completeExceptionally);
            return answer.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).handle((view, failure) -> {
                askedAgain.dispose();
                cancel();
                if (failure == null) {
                    return view;
                }
                Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
                throw cause instanceof TimeoutException ? notYetReadable()
                        : cause instanceof RuntimeException e ? e : new CompletionException(cause);
            });
        }

        /**
         * Ends the wait (also unanswered, when the change failed). The subscription leaves the projection's emitter
         * before its updates end: an answer on its way then finds no one, instead of an ended stream that Axon logs
         * as an error.
         */
        public void cancel() {
            result.cancel();
            told.dispose();
        }
    }

    private static ParleyException notYetReadable() {
        return ErrorCode.SERVICE_UNAVAILABLE.exception("The change is stored but not yet readable: read it again shortly.");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    private static ParleyException interrupted() {
        Thread.currentThread().interrupt();
        return ErrorCode.SERVICE_UNAVAILABLE.exception("Interrupted while waiting for the read model.");
    }
}
