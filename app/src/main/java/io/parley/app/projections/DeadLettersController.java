package io.parley.app.projections;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

/** API.md "Admin": list, retry and evict the dead letters of one processing group. */
@RestController
@Validated
class DeadLettersController {

    private static final Logger log = LoggerFactory.getLogger(DeadLettersController.class);

    private final DeadLetters deadLetters;

    DeadLettersController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/admin/dead-letters/{group}")
    List<DeadLetters.Letter> list(@PathVariable String group,
                                  @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return deadLetters.list(group, limit);
    }

    @PostMapping("/api/admin/dead-letters/{group}/retry")
    DeadLetters.RetryResult retry(Principal admin, @PathVariable String group) {
        log.info("Retry of the dead letters of {} requested by {}", group, admin.getName());
        return deadLetters.retry(group);
    }

    @DeleteMapping("/api/admin/dead-letters/{group}/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void evict(Principal admin, @PathVariable String group, @PathVariable String id) {
        log.info("Eviction of dead letter {} of {} requested by {}", id, group, admin.getName());
        deadLetters.evict(group, id);
    }
}
