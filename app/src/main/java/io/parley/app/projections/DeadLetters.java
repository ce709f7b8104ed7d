package io.parley.app.projections;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.ErrorCode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The dead-letter queues of the processing groups: what is parked (without payloads: message texts and profiles
 * stay out of the admin API), retrying every parked sequence in order, evicting one letter. A gauge
 * {@code parley.dead.letters} (tag {@code group}) counts the letters of each group.
 */
@Component
class DeadLetters {

    record Cause(String type, String message) {
    }

    record Letter(String id, String sequenceIdentifier, Long index, String eventType, String eventId, String aggregateId,
                  Long aggregateSeq, Instant eventTimestamp, Instant enqueuedAt, Instant lastTouched, Cause cause,
                  int retries) {
    }

    record RetryResult(int sequences, int cleared, long deadLetters) {
    }

    private final EventProcessingConfiguration processing;

    DeadLetters(EventProcessingConfiguration processing, EventProcessorProperties processors, MeterRegistry meters) {
        this.processing = processing;
        processors.getProcessors().forEach((group, settings) -> {
            if (settings.getDlq().isEnabled()) {
                Gauge.builder("parley.dead.letters", () -> queue(group).size())
                        .description("Events parked in the group's dead-letter queue").tag("group", group).register(meters);
            }
        });
    }

    /** How many letters the group's queue holds; null when the group has no queue. */
    Long count(String group) {
        return processing.deadLetterQueue(group).map(SequencedDeadLetterQueue::size).orElse(null);
    }

    /** The first {@code limit} letters, sequence by sequence, each sequence in its order. */
    List<Letter> list(String group, int limit) {
        return StreamSupport.stream(queue(group).deadLetters().spliterator(), false)
                .flatMap(sequence -> StreamSupport.stream(sequence.spliterator(), false))
                .limit(limit)
                .map(DeadLetters::letter)
                .toList();
    }

    /**
     * Processes every parked sequence once, from its first letter on; a sequence stops at the first letter that
     * fails again, which stays parked with its new cause. Letters other nodes are processing are skipped.
     */
    RetryResult retry(String group) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> notFound(group));
        Set<String> tried = new HashSet<>();
        int cleared = 0;
        int before;
        do {
            before = tried.size();
            if (processor.process(letter -> tried.add(sequenceOf(letter)))) {
                cleared++;
            }
        } while (tried.size() > before);
        return new RetryResult(tried.size(), cleared, queue(group).size());
    }

    /** Drops one letter; the next one of its sequence (if any) becomes the head that blocks the sequence. */
    void evict(String group, String id) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        List<DeadLetter<? extends EventMessage<?>>> found = new ArrayList<>(1);
        queue.deadLetters().forEach(sequence -> sequence.forEach(letter -> {
            if (found.isEmpty() && letter instanceof JdbcDeadLetter<?> stored && stored.getIdentifier().equals(id)) {
                found.add(letter);
            }
        }));
        if (found.isEmpty()) {
            throw ErrorCode.DEAD_LETTER_NOT_FOUND.exception("No dead letter " + id + " in " + group + ".");
        }
        queue.evict(found.get(0));
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return processing.deadLetterQueue(group).orElseThrow(() -> notFound(group));
    }

    private static RuntimeException notFound(String group) {
        return ErrorCode.PROJECTION_NOT_FOUND.exception("No projection with a dead-letter queue named " + group + ".");
    }

    private static String sequenceOf(DeadLetter<?> letter) {
        return letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIdentifier() : letter.message().getIdentifier();
    }

    private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        JdbcDeadLetter<?> stored = letter instanceof JdbcDeadLetter<?> j ? j : null;
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d ? d : null;
        Object retries = letter.diagnostics().get(DeadLetterConfig.RETRIES);
        return new Letter(stored == null ? null : stored.getIdentifier(), sequenceOf(letter),
                stored == null ? null : stored.getSequenceIndex(),
                event.getPayloadType().getSimpleName(), event.getIdentifier(),
                domain == null ? null : domain.getAggregateIdentifier(), domain == null ? null : domain.getSequenceNumber(),
                event.getTimestamp(), letter.enqueuedAt(), letter.lastTouched(),
                letter.cause().map(c -> new Cause(c.type(), c.message())).orElse(null),
                retries instanceof Number n ? n.intValue() : 0);
    }
}
