package io.parley.command.support;

import io.parley.api.ErrorCode;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Read-your-writes for command endpoints that answer with read-side JSON: after the command's events are
 * stored, wait (briefly) until the tracking projection has applied them, so the response and any later GET
 * agree. Goes through the query bus, never into another side's code.
 */
@Component
public class ReadModel {

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
        long pauseMillis = 2;
        while (true) {
            R view = queries.query(query, ResponseTypes.instanceOf(type)).join();
            if (ready.test(view)) {
                return view;
            }
            if (System.nanoTime() > deadline) {
                throw ErrorCode.SERVICE_UNAVAILABLE.exception("The change is stored but not yet readable: read it again shortly.");
            }
            sleep(pauseMillis);
            pauseMillis = Math.min(50, pauseMillis * 2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.SERVICE_UNAVAILABLE.exception("Interrupted while waiting for the read model.");
        }
    }
}
