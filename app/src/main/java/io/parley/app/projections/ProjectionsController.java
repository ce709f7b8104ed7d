package io.parley.app.projections;

import io.parley.api.ErrorCode;
import io.parley.app.projections.ProjectionStatuses.ProjectionStatus;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
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
    private final TokenStore tokens;

    ProjectionsController(EventProcessingConfiguration processing, ProjectionStatuses statuses, TokenStore tokens) {
        this.processing = processing;
        this.statuses = statuses;
        this.tokens = tokens;
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
        storeReplayTokens(name);
        processor.resetTokens();
        processor.start();
        return statuses.of(processor);
    }

    /**
     * Axon's {@code resetTokens} empties the read model (the reset handlers) before it stores the replay tokens, and
     * the read store has no transaction that makes the two one: a crash between them would leave the old tokens
     * over an emptied read model, which would miss everything before them for good. So the replay tokens are
     * stored first; a crash before the reset replays over the old read model, which the idempotent handlers bring to
     * the same state.
     */
    private void storeReplayTokens(String name) {
        for (int segment : tokens.fetchSegments(name)) {
            tokens.storeToken(ReplayToken.createReplayToken(tokens.fetchToken(name, segment)), name, segment);
            tokens.releaseClaim(name, segment);
        }
    }
}
