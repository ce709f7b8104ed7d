package io.parley.app.infra;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The token store with one write fewer per batch. Without a transaction (as projections run here), Axon's tracking
 * processor extends its claim before each batch and stores the token after it: two round trips to the read store per
 * batch and processor, and each commit of the chat writer wakes all eight processors. A claim that this node wrote
 * (claimed, extended, or stored a token under) less than a tenth of the claim timeout ago is still its own, since
 * another node takes over only a claim that is a whole timeout old: extending it again is skipped. Storing the token
 * at the end of the batch still checks the claim, as before. A write that fails forgets the claim, so the next
 * extension goes to the store.
 */
final class FreshClaims implements TokenStore {

    private record Claim(String processorName, int segment) {
    }

    private final TokenStore store;
    private final long freshNanos;
    /** When each claim of this node was last written, as {@link System#nanoTime()} before the write. */
    private final Map<Claim, Long> written = new ConcurrentHashMap<>();

    FreshClaims(TokenStore store, Duration claimTimeout) {
        this.store = store;
        this.freshNanos = claimTimeout.toNanos() / 10;
    }

    @Override
    public void extendClaim(String processorName, int segment) {
        Claim claim = new Claim(processorName, segment);
        Long last = written.get(claim);
        if (last == null || System.nanoTime() - last >= freshNanos) {
            writing(claim, () -> {
                store.extendClaim(processorName, segment);
                return null;
            });
        }
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) throws UnableToClaimTokenException {
        writing(new Claim(processorName, segment), () -> {
            store.storeToken(token, processorName, segment);
            return null;
        });
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        return writing(new Claim(processorName, segment), () -> store.fetchToken(processorName, segment));
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
        return writing(new Claim(processorName, segment.getSegmentId()), () -> store.fetchToken(processorName, segment));
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        written.remove(new Claim(processorName, segment));
        store.releaseClaim(processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        written.remove(new Claim(processorName, segment));
        store.deleteToken(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        store.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        store.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        store.initializeSegment(token, processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return store.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return store.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return store.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return store.retrieveStorageIdentifier();
    }

    private <T> T writing(Claim claim, Supplier<T> write) {
        long start = System.nanoTime();
        try {
            T result = write.get();
            written.put(claim, start);
            return result;
        } catch (RuntimeException e) {
            written.remove(claim);
            throw e;
        }
    }
}
