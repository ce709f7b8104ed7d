package io.parley.projections.call;

import io.parley.api.call.CallEvents.CallAnswered;
import io.parley.api.call.CallEvents.CallEnded;
import io.parley.api.call.CallEvents.CallMissed;
import io.parley.api.call.CallEvents.CallStarted;
import io.parley.api.call.CallOutcome;
import io.parley.api.call.CallQueries.CallView;
import io.parley.projections.push.SocketPush;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The {@code calls} read model: one document per call in the shape of API.md's call JSON, with its two parties (the
 * call log of each). When a call ends, however it ended, both parties' sessions get {@code call:ended}.
 */
@Component
@ProcessingGroup(CallProjection.GROUP)
class CallProjection {

    static final String GROUP = "calls";
    static final String COLLECTION = "calls";

    private final MongoTemplate mongo;
    private final SocketPush push;

    CallProjection(MongoTemplate mongo, SocketPush push) {
        this.mongo = mongo;
        this.push = push;
        mongo.indexOps(COLLECTION).createIndex(new Index().on("parties", Sort.Direction.ASC).on("startedAt", Sort.Direction.DESC));
    }

    @EventHandler
    void on(CallStarted event) {
        mongo.save(new Document("_id", event.callId())
                .append("callId", event.callId())
                .append("callerId", event.callerId())
                .append("calleeId", event.calleeId())
                .append("parties", List.of(event.callerId(), event.calleeId()))
                .append("media", event.media().json())
                .append("state", "ringing")
                .append("startedAt", Date.from(event.at())), COLLECTION);
    }

    @EventHandler
    void on(CallAnswered event) {
        mongo.updateFirst(query(where("_id").is(event.callId())),
                new Update().set("state", "active").set("answeredAt", Date.from(event.at())), COLLECTION);
    }

    @EventHandler
    void on(CallEnded event, EventMessage<?> message) {
        ended(message, event.callId(), event.outcome(), event.endReason(), event.at(), List.of(event.callerId(), event.calleeId()));
    }

    @EventHandler
    void on(CallMissed event, EventMessage<?> message) {
        ended(message, event.callId(), CallOutcome.MISSED, null, event.at(), List.of(event.callerId(), event.calleeId()));
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), COLLECTION);
    }

    /** The duration counts from the answer (none for a call never answered). */
    private void ended(EventMessage<?> cause, String callId, CallOutcome outcome, String endReason, Instant at, List<String> parties) {
        Document call = mongo.findById(callId, Document.class, COLLECTION);
        Date answeredAt = call == null ? null : call.getDate("answeredAt");
        Update update = new Update().set("state", "ended").set("outcome", outcome.json()).set("endedAt", Date.from(at))
                .set("endReason", endReason)
                .set("durationSeconds", answeredAt == null ? null : Duration.between(answeredAt.toInstant(), at).toSeconds());
        mongo.updateFirst(query(where("_id").is(callId)), update, COLLECTION);
        push.push(cause, parties, "call:ended",
                () -> Map.of("call", mongo.getConverter().read(CallView.class, mongo.findById(callId, Document.class, COLLECTION))));
    }
}
