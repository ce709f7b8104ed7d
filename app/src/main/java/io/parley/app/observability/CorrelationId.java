package io.parley.app.observability;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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

    /** {@code candidate} if it is a valid id, otherwise a new random one. */
    public static String orNew(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches() ? candidate : random();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: correlation ids only need to be unique enough to tell
     * requests apart, not unguessable. {@link UUID#randomUUID()} takes SecureRandom's global lock and reads
     * {@code /dev/urandom}, a cost every STOMP frame paid, on the socket threads.
     */
    private static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
