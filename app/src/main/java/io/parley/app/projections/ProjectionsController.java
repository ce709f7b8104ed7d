package io.parley.app.projections;

import io.parley.api.ErrorCode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * API.md "Admin": the health of every event processor (position, lag behind the head of the event store, replay
 * and error state, parked events), and replaying one: its tokens are reset, its {@code @ResetHandler} empties its
 * read model and its dead-letter queue is cleared, and it rebuilds from the first event while the API keeps serving;
 * {@code replaying} says when it is done.
 */
@RestController
class ProjectionsController {

    private static final Logger log = LoggerFactory.getLogger(ProjectionsController.class);

    record ProjectionStatus(String name, String mode, Long position, Long lag, boolean replaying, String error,
                            Long deadLetters) {
    }

    private final EventProcessingConfiguration processing;
    private final EventStore events;
    private final DeadLetters deadLetters;

    ProjectionsController(EventProcessingConfiguration processing, EventStore events, DeadLetters deadLetters) {
        this.processing = processing;
        this.events = events;
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/admin/projections")
    List<ProjectionStatus> list() {
        OptionalLong head = headPosition();
        return processing.eventProcessors().values().stream()
                .sorted(Comparator.comparing(EventProcessor::getName))
                .map(processor -> status(processor, head))
                .toList();
    }

    @PostMapping("/api/admin/projections/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProjectionStatus replay(Principal admin, @PathVariable String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .filter(StreamingEventProcessor::supportsReset)
                .orElseThrow(() -> ErrorCode.PROJECTION_NOT_FOUND.exception("No replayable projection named " + name + "."));
        log.info("Replay of {} requested by {}", name, admin.getName());
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return status(processor, headPosition());
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
                position, lag, segments.stream().anyMatch(EventTrackerStatus::isReplaying), error, parked);
    }
}
