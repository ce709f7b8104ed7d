package io.parley.query.call;

import io.parley.api.call.CallQueries.CallLog;
import io.parley.api.call.CallQueries.CallLogEntry;
import io.parley.api.call.CallQueries.CallView;
import io.parley.api.call.CallQueries.FindCall;
import io.parley.api.call.CallQueries.FindCalls;
import io.parley.api.user.PublicUserView;
import io.parley.api.user.UserView;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Reads of the {@code calls} collection: a party's call, and a user's call log with each peer's public view. */
@Component
class CallQueryHandler {

    private static final String CALLS = "calls";
    private static final String USERS = "users";

    private final MongoTemplate mongo;

    CallQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    CallView handle(FindCall query) {
        Document call = mongo.findOne(query(where("_id").is(query.callId()).and("parties").is(query.userId())), Document.class, CALLS);
        return call == null ? null : mongo.getConverter().read(CallView.class, call);
    }

    @QueryHandler
    CallLog handle(FindCalls query) {
        Criteria mine = where("parties").is(query.userId());
        if (query.before() != null) {
            mine = mine.and("startedAt").lt(Date.from(query.before()));
        }
        List<Document> found = new ArrayList<>(mongo.find(new Query(mine).with(Sort.by(Sort.Direction.DESC, "startedAt"))
                .limit(query.limit() + 1), Document.class, CALLS));
        boolean hasMore = found.size() > query.limit();
        if (hasMore) {
            found.remove(found.size() - 1);
        }
        List<String> peers = found.stream().map(call -> peer(call, query.userId())).distinct().toList();
        Map<String, PublicUserView> views = new HashMap<>();
        mongo.find(query(where("_id").in(peers)), UserView.class, USERS).forEach(user -> views.put(user.id(), user.publicView()));
        return new CallLog(found.stream().map(call -> {
            CallView view = mongo.getConverter().read(CallView.class, call);
            String peer = peer(call, query.userId());
            return new CallLogEntry(view.callId(), view.callerId(), view.calleeId(), view.media(), view.state(), view.outcome(),
                    view.endReason(), view.startedAt(), view.answeredAt(), view.endedAt(), view.durationSeconds(),
                    view.callerId().equals(query.userId()) ? "outgoing" : "incoming",
                    views.getOrDefault(peer, PublicUserView.idOnly(peer)));
        }).toList(), hasMore);
    }

    private static String peer(Document call, String userId) {
        return userId.equals(call.getString("callerId")) ? call.getString("calleeId") : call.getString("callerId");
    }
}
