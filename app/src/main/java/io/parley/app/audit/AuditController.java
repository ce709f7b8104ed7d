package io.parley.app.audit;

import io.parley.api.ErrorCode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * API.md "Admin" audit reads, straight from the event store (the source of truth): one aggregate's history, and
 * the whole store in global order (JSON pages or NDJSON). Reading never changes anything and is itself logged.
 */
@RestController
@Validated
class AuditController {

    private static final Logger audit = LoggerFactory.getLogger("io.parley.audit");

    record AggregateEvent(long seq, String type, Instant timestamp, Object payload, Map<String, ?> metadata) {
    }

    record StoredEvent(Long globalIndex, String aggregateType, String aggregateId, Long seq, String type, Instant timestamp,
                       Object payload) {
    }

    record EventPage(List<StoredEvent> events, Long next) {
    }

    private final EventStore events;
    private final JsonMapper json;

    AuditController(EventStore events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    @GetMapping("/api/admin/audit/{aggregateType}/{aggregateId}")
    List<AggregateEvent> aggregate(Principal admin, @PathVariable String aggregateType, @PathVariable String aggregateId) {
        audit.info("audit read by {}: {} {}", admin.getName(), aggregateType, aggregateId);
        List<AggregateEvent> history = new ArrayList<>();
        DomainEventStream stream = events.readEvents(aggregateId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (!event.getType().equalsIgnoreCase(aggregateType)) {
                break;
            }
            history.add(new AggregateEvent(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
                    event.getTimestamp(), event.getPayload(), event.getMetaData()));
        }
        if (history.isEmpty()) {
            throw ErrorCode.AGGREGATE_NOT_FOUND.exception("No " + aggregateType + " with id " + aggregateId + ".");
        }
        return history;
    }

    @GetMapping(value = "/api/admin/audit/events", produces = MediaType.APPLICATION_JSON_VALUE)
    EventPage page(Principal admin, @RequestParam(required = false) @Min(0) Long after,
                   @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        audit.info("audit read by {}: events after {} (limit {})", admin.getName(), after, limit);
        List<StoredEvent> page = read(after, limit);
        Long next = page.isEmpty() ? after : page.get(page.size() - 1).globalIndex();
        return new EventPage(page, next);
    }

    @GetMapping(value = "/api/admin/audit/events", produces = "application/x-ndjson")
    String ndjson(Principal admin, @RequestParam(required = false) @Min(0) Long after,
                  @RequestParam(defaultValue = "1000") @Min(1) @Max(10000) int limit) {
        audit.info("audit export by {}: events after {} (limit {})", admin.getName(), after, limit);
        StringBuilder lines = new StringBuilder();
        for (StoredEvent event : read(after, limit)) {
            lines.append(json.writeValueAsString(event)).append('\n');
        }
        return lines.toString();
    }

    /** Up to {@code limit} events after the global index {@code after} that are in the store now (waits at most 100 ms for more). */
    private List<StoredEvent> read(Long after, int limit) {
        List<StoredEvent> page = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = events.openStream(tokenAfter(after))) {
            while (page.size() < limit && stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                Long index = event.trackingToken().position().isPresent() ? event.trackingToken().position().getAsLong() : null;
                if (event instanceof DomainEventMessage<?> domain) {
                    page.add(new StoredEvent(index, domain.getType(), domain.getAggregateIdentifier(), domain.getSequenceNumber(),
                            event.getPayloadType().getSimpleName(), event.getTimestamp(), event.getPayload()));
                } else {
                    page.add(new StoredEvent(index, null, null, null, event.getPayloadType().getSimpleName(),
                            event.getTimestamp(), event.getPayload()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ErrorCode.SERVICE_UNAVAILABLE.exception("Interrupted while reading the event store.");
        }
        return page;
    }

    private TrackingToken tokenAfter(Long after) {
        if (after == null) {
            return null;
        }
        // The relational stores behind the embedded event store track with gaps; Axon Server by a plain sequence. (Its
        // tail token tells neither: it is null while the store's first event has index 0.)
        return events instanceof EmbeddedEventStore
                ? GapAwareTrackingToken.newInstance(after, Set.of()) : new GlobalSequenceTrackingToken(after);
    }
}
