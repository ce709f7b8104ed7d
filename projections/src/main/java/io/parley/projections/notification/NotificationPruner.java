package io.parley.projections.notification;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Drops notifications read more than {@code parley.notifications.keep-read} (30 days) ago: the app runs it as a
 * recurring task of the deadline scheduler, on one node at a time.
 */
@Component
public class NotificationPruner {

    private final MongoTemplate mongo;
    private final Clock clock;
    private final Duration keepRead;

    NotificationPruner(MongoTemplate mongo, Clock clock, @Value("${parley.notifications.keep-read:30d}") Duration keepRead) {
        this.mongo = mongo;
        this.clock = clock;
        this.keepRead = keepRead;
    }

    /** Answers how many went. */
    public long prune() {
        return mongo.remove(query(where("read").is(true).and("readAt").lt(Date.from(clock.instant().minus(keepRead)))),
                NotificationProjection.NOTIFICATIONS).getDeletedCount();
    }
}
