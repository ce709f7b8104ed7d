package io.parley.app.projections;

import io.parley.api.ErrorCode;
import io.parley.app.projections.ProjectionStatuses.ProjectionStatus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

/**
 * API.md "Admin": the health of every event processor (see {@link ProjectionStatuses}), and replaying one: its
 * tokens are reset, its {@code @ResetHandler} empties its read model and its dead-letter queue is cleared, and it
 * rebuilds from the first event while the API keeps serving; {@code replaying} says when it is done.
 */
@RestController
class ProjectionsController {

    private static final Logger log = LoggerFactory.getLogger(ProjectionsController.class);

    private final EventProcessingConfiguration processing;
    private final ProjectionStatuses statuses;

    ProjectionsController(EventProcessingConfiguration processing, ProjectionStatuses statuses) {
        this.processing = processing;
        this.statuses = statuses;
    }

    @GetMapping("/api/admin/projections")
    List<ProjectionStatus> list() {
        return statuses.all();
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
        return statuses.of(processor);
    }
}
