package io.parley.app.observability;

import io.parley.app.infra.MessageIdentifiers;

import java.util.regex.Pattern;

/**
 * The correlation id of a request: taken from {@code X-Correlation-Id} when a client or proxy sends a sane one,
 * otherwise new. It is logged (MDC key {@code correlationId}) and carried in Axon message metadata as
 * {@code requestCorrelationId}: Axon's own {@code correlationId} and {@code traceId} entries name the causing
 * message and the first message of the chain, not the request.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    public static final String KEY = "correlationId";
    public static final String METADATA_KEY = "requestCorrelationId";

    /** Short and log-safe: no spaces, quotes or line breaks can reach a log line or a metadata entry. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private CorrelationId() {
    }

    /**
     * {@code candidate} if it is a valid id, otherwise a new random one: unique enough to tell requests apart, not
     * unguessable ({@link java.util.UUID#randomUUID()} would take SecureRandom's global lock on every STOMP frame).
     */
    public static String orNew(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches() ? candidate : MessageIdentifiers.randomUuid();
    }
}
