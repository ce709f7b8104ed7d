package io.parley.app.projections;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The state of every event processor: position (lowest segment), lag behind the head of the event store, replay
 * and error state, parked events. The admin API reports it, and the lag is the {@code parley.processor.lag} gauge per processor.
 */
@Component
class ProjectionStatuses {

    record ProjectionStatus(String name, String mode, Long position, Long lag, boolean replaying, String error,
                            Long deadLetters) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    ProjectionStatuses(EventProcessingConfiguration processing, EventStore events, DeadLetters deadLetters,
                       MeterRegistry meters) {
        this.processing = processing;
        this.events = events;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    List<ProjectionStatus> all() {
        OptionalLong head = headPosition();
        return processing.eventProcessors().values().stream()
                .sorted(Comparator.comparing(EventProcessor::getName))
                .map(processor -> status(processor, head))
                .toList();
    }

    ProjectionStatus of(EventProcessor processor) {
        return status(processor, headPosition());
    }

    /** Once the processors exist: one lag gauge each (NaN while unknown, e.g. for an empty event store). */
    @EventListener(ApplicationReadyEvent.class)
    void registerLagGauges() {
        processing.eventProcessors().forEach((name, processor) -> Gauge.builder("parley.processor.lag", processor,
                        p -> {
                            Long lag = of(p).lag();
                            return lag == null ? Double.NaN : lag;
                        })
                .description("Events between the head of the event store and the processor's position")
                .tag("processor", name)
                .register(meters));
    }

    private OptionalLong headPosition() {
        TrackingToken head = events.createHeadToken();
        return head == null ? OptionalLong.empty() : head.position();
    }

    private ProjectionStatus status(EventProcessor processor, OptionalLong head) {
        Long parked = deadLetters.count(processor.getName());
        if (!(processor instanceof StreamingEventProcessor streaming)) {
            return new ProjectionStatus(processor.getName(), "subscribing", null, null, false, null, parked);
        }
        Collection<EventTrackerStatus> segments = streaming.processingStatus().values();
        Long position = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).min(Long::compare).orElse(null);
        Long lag = head.isPresent() ? Math.max(0, head.getAsLong() - (position == null ? -1 : position)) : null;
        String error = segments.stream().filter(EventTrackerStatus::isErrorState)
                .map(s -> String.valueOf(s.getError())).findFirst().orElse(null);
        return new ProjectionStatus(processor.getName(), processor instanceof TrackingEventProcessor ? "tracking" : "pooled",
                position, lag, segments.stream().anyMatch(ProjectionStatuses::replaying), error, parked);
    }

    /**
     * A segment replays until it reached the position it was reset at. Axon keeps its replay token (and says it is
     * replaying) until an event past that position arrives, which on an idle store may be never.
     */
    private static boolean replaying(EventTrackerStatus segment) {
        OptionalLong reached = segment.getCurrentPosition();
        OptionalLong resetAt = segment.getResetPosition();
        return segment.isReplaying()
                && (reached.isEmpty() || resetAt.isEmpty() || reached.getAsLong() < resetAt.getAsLong());
    }
}
