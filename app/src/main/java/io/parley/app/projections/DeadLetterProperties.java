package io.parley.app.projections;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code parley.dead-letters.*}: how often a projection's handler is tried on one event before the event is parked
 * (attempts, with a back-off doubling from {@code backoff} up to {@code maxBackoff}), and how much the dead-letter
 * queue of one processing group holds (sequences, and letters per sequence).
 */
@ConfigurationProperties("parley.dead-letters")
public record DeadLetterProperties(
        @DefaultValue("3") int attempts,
        @DefaultValue("50ms") Duration backoff,
        @DefaultValue("200ms") Duration maxBackoff,
        @DefaultValue("1024") int maxSequences,
        @DefaultValue("10000") int maxSequenceSize) {

    public DeadLetterProperties {
        if (attempts < 1) {
            throw new IllegalArgumentException("parley.dead-letters.attempts must be at least 1");
        }
    }

    /** The pause after the given failed attempt (1-based): {@code backoff}, doubled per attempt, at most {@code maxBackoff}. */
    Duration backoffAfter(int attempt) {
        Duration pause = backoff.multipliedBy(1L << Math.min(attempt - 1, 30));
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }
}
