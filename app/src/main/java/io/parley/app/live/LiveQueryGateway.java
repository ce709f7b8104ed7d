package io.parley.app.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.api.chat.ChatQueries.ChatSummary;
import io.parley.api.chat.ChatQueries.ChatList;
import io.parley.api.chat.ChatQueries.FindChats;
import io.parley.api.connection.ConnectionQueries.FindConnectionBetween;
import io.parley.api.connection.ConnectionQueries.ConnectionList;
import io.parley.api.connection.ConnectionQueries.FindConnections;
import io.parley.api.connection.ConnectionView;
import io.parley.api.notification.NotificationQueries.LiveNotifications;
import io.parley.api.notification.NotificationQueries.NotificationChange;
import io.parley.api.notification.NotificationQueries.NotificationSnapshot;
import io.parley.api.status.StatusQueries.FeedEntry;
import io.parley.api.status.StatusQueries.FindStatusFeed;
import io.parley.api.status.StatusQueries.StatusFeed;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import io.parley.app.infra.DomainErrors;
import io.parley.app.web.Problems;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * API.md "Live queries": a SUBSCRIBE to {@code /user/queue/live/...} opens an Axon subscription query; the session
 * gets {@code {type:"snapshot"}} and then every {@code {type:"update"}}, in order, until UNSUBSCRIBE or the session
 * ends. Axon buffers updates while the snapshot is computed, so none is lost in between. Each subscription holds at
 * most {@code parley.live.buffer} pending updates; a client too slow for that loses the subscription with a
 * {@code live_query_overflow} error and re-subscribes for a fresh snapshot.
 */
@Component
public class LiveQueryGateway {

    static final String PREFIX = "/user/queue/live/";

    /**
     * The broker delivers a session's frames for a destination to every subscription of that session to it, so a
     * session holds one live query per destination, shared by its subscriptions to it.
     */
    private record Key(String sessionId, String destination) {
    }

    private record Live(Disposable stream, Set<String> subscriptionIds) {
    }

    private record Payload(String type, Object data) {
    }

    private final QueryGateway queries;
    private final SimpMessagingTemplate sockets;
    private final int buffer;
    private final Map<Key, Live> active = new ConcurrentHashMap<>();
    /**
     * Sessions that have ended recently: SUBSCRIBE frames still queued on the inbound channel when the socket
     * closes must not open queries nobody will close. Bounded, as a session id is never reused.
     */
    private final Map<String, Boolean> ended = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    };

    /** The messaging template is lazy: the broker it needs is configured by the STOMP config, which needs this. */
    LiveQueryGateway(QueryGateway queries, @Lazy SimpMessagingTemplate sockets, MeterRegistry meters,
                     @Value("${parley.live.buffer:256}") int buffer) {
        this.queries = queries;
        this.sockets = sockets;
        this.buffer = buffer;
        Gauge.builder("parley.live.subscriptions", active, Map::size)
                .description("Open live-query subscriptions").register(meters);
    }

    /** How many live queries are open on this node. */
    public int activeCount() {
        return active.size();
    }

    /** Opens the live query (or re-opens it, with a fresh snapshot, when the session already has one there). */
    synchronized void subscribe(String userId, String sessionId, String subscriptionId, String destination) {
        if (ended.containsKey(sessionId)) {
            return;
        }
        String target = destination.substring("/user".length());
        Key key = new Key(sessionId, destination);
        try {
            Flux<Payload> stream = open(userId, destination.substring(PREFIX.length()));
            Set<String> subscriptionIds = ConcurrentHashMap.newKeySet();
            Live previous = active.get(key);
            if (previous != null) {
                previous.stream().dispose();
                subscriptionIds.addAll(previous.subscriptionIds());
            }
            subscriptionIds.add(subscriptionId);
            Live[] self = new Live[1];
            Disposable disposable = stream.subscribe(
                    payload -> send(userId, sessionId, target, payload),
                    failure -> {
                        active.remove(key, self[0]);
                        error(userId, sessionId, DomainErrors.unwrap(failure).orElseGet(() ->
                                ErrorCode.LIVE_QUERY_OVERFLOW.exception("Updates came faster than they were read: subscribe again.")));
                    },
                    () -> active.remove(key, self[0]));
            self[0] = new Live(disposable, subscriptionIds);
            if (!disposable.isDisposed()) {
                active.put(key, self[0]);
            }
        } catch (ParleyException e) {
            error(userId, sessionId, e);
        }
    }

    void refuse(String userId, String sessionId, String destination) {
        error(userId, sessionId, ErrorCode.FORBIDDEN.exception("Subscribe to /user/queue/... destinations only, not " + destination + "."));
    }

    synchronized void unsubscribe(String sessionId, String subscriptionId) {
        active.entrySet().removeIf(entry -> {
            if (entry.getKey().sessionId().equals(sessionId) && entry.getValue().subscriptionIds().remove(subscriptionId)
                    && entry.getValue().subscriptionIds().isEmpty()) {
                entry.getValue().stream().dispose();
                return true;
            }
            return false;
        });
    }

    synchronized void sessionEnded(String sessionId) {
        ended.put(sessionId, Boolean.TRUE);
        active.entrySet().removeIf(entry -> {
            if (entry.getKey().sessionId().equals(sessionId)) {
                entry.getValue().stream().dispose();
                return true;
            }
            return false;
        });
    }

    private Flux<Payload> open(String userId, String what) {
        if (what.equals("chats")) {
            return live(query(new FindChats(userId), ResponseTypes.instanceOf(ChatList.class),
                    ResponseTypes.instanceOf(ChatSummary.class)), ChatList::chats, changed -> changed);
        }
        if (what.equals("connections")) {
            return live(query(new FindConnections(userId, null), ResponseTypes.instanceOf(ConnectionList.class),
                    ResponseTypes.instanceOf(ConnectionView.class)), ConnectionList::connections, changed -> changed);
        }
        if (what.equals("notifications")) {
            return live(query(new LiveNotifications(userId), ResponseTypes.instanceOf(NotificationSnapshot.class),
                    ResponseTypes.instanceOf(NotificationChange.class)), snapshot -> snapshot, changed -> changed);
        }
        if (what.equals("status-feed")) {
            return live(query(new FindStatusFeed(userId), ResponseTypes.instanceOf(StatusFeed.class),
                    ResponseTypes.instanceOf(FeedEntry.class)), StatusFeed::entries, changed -> changed);
        }
        if (what.startsWith("users/") && what.length() > "users/".length() && what.indexOf('/', "users/".length()) < 0) {
            String subject = what.substring("users/".length());
            Function<UserView, Object> allowedView = user -> viewFor(userId, user);
            return live(query(new FindUser(subject), ResponseTypes.instanceOf(UserView.class),
                    ResponseTypes.instanceOf(UserView.class)), allowedView, allowedView);
        }
        throw ErrorCode.NOT_FOUND.exception("No live query at " + PREFIX + what + ".");
    }

    /** A subscription query whose update buffer is bounded by {@code parley.live.buffer}. */
    private <I, U> SubscriptionQueryResult<I, U> query(Object query, ResponseType<I> initial, ResponseType<U> updates) {
        return queries.subscriptionQuery(query.getClass().getName(), query, initial, updates, buffer);
    }

    private static <I, U> Flux<Payload> live(SubscriptionQueryResult<I, U> result, Function<I, Object> snapshot,
                                             Function<U, Object> update) {
        // A query answering null (no such user) has an empty initial result: that ends the subscription with an error.
        return Flux.concat(
                        result.initialResult().map(initial -> new Payload("snapshot", snapshot.apply(initial)))
                                .switchIfEmpty(Mono.error(() -> ErrorCode.USER_NOT_FOUND.exception("No such user."))),
                        result.updates().map(changed -> new Payload("update", update.apply(changed))))
                .doFinally(signal -> result.cancel());
    }

    /** As GET /api/users/{id}: the whole user for oneself, contact details for accepted connections, else public. */
    private Object viewFor(String caller, UserView user) {
        if (user.id().equals(caller)) {
            return user;
        }
        ConnectionView connection = queries.query(new FindConnectionBetween(caller, user.id()),
                ResponseTypes.instanceOf(ConnectionView.class)).join();
        return connection != null && connection.accepted() ? user.connectedView() : user.publicView();
    }

    private void send(String userId, String sessionId, String destination, Object payload) {
        sockets.convertAndSendToUser(userId, destination, payload, headersFor(sessionId));
    }

    private void error(String userId, String sessionId, ParleyException e) {
        send(userId, sessionId, "/queue/errors", Problems.body(e.errorCode(), e.getMessage(), e.properties()));
    }

    private static Map<String, Object> headersFor(String sessionId) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setSessionId(sessionId);
        headers.setLeaveMutable(true);
        return headers.getMessageHeaders();
    }
}
