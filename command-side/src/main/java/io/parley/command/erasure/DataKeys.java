package io.parley.command.erasure;

import io.parley.api.ErrorCode;
import io.parley.api.PersonalData.DataKey;
import io.parley.api.user.UserEvents.ErasedKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The per-user data keys that personal-data fields of events are sealed with (API.md "Erasure"): one key per user
 * and {@link DataKey}, made on first use, kept in the event store's database ({@link DataKeyEntry}) and cached in
 * memory. Erasing destroys the secret in the caller's transaction; every node forgets it from its cache at once
 * (this one) or within {@code parley.erasure.forget-every} (others). Secrets are never logged.
 */
@Service
public class DataKeys {

    /** A live key to seal new values with. */
    public record SealingKey(String keyId, SecretKey secret) {
        /** Without the secret (a key's hash code is derived from its bytes). */
        @Override
        public String toString() {
            return "SealingKey[" + keyId + "]";
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DataKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How far back each check for erasures on other nodes looks, beyond its last check: clocks of nodes differ. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final DataKeyRepository store;
    private final TransactionTemplate newTransaction;
    private final Clock clock;
    private final int cacheSize;
    /** Key id → secret, or empty when erased (or unknown). */
    private final Map<String, Optional<SecretKey>> byId = new ConcurrentHashMap<>();
    /** Subject and purpose → live key. */
    private final Map<String, SealingKey> live = new ConcurrentHashMap<>();
    private volatile Instant lastCheck;

    DataKeys(DataKeyRepository store, PlatformTransactionManager transactions, Clock clock,
             @Value("${parley.erasure.key-cache-size:100000}") int cacheSize) {
        this.store = store;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.cacheSize = cacheSize;
        this.lastCheck = clock.instant();
    }

    /**
     * The subject's live key for {@code purpose}, made and stored (in a transaction of its own, committed before any
     * value sealed with it) on first use. A subject whose key was erased gets none: they were deleted.
     */
    public SealingKey sealingKey(String subjectId, DataKey purpose) {
        SealingKey key = live.get(subjectId + '/' + purpose);
        if (key != null) {
            return key;
        }
        DataKeyEntry entry = available(() -> find(subjectId, purpose).orElseGet(() -> create(subjectId, purpose)));
        if (entry.secret() == null) {
            throw ErrorCode.USER_NOT_FOUND.exception("This user has been deleted.");
        }
        key = new SealingKey(entry.keyId(), new SecretKeySpec(entry.secret(), "AES"));
        remember(subjectId + '/' + purpose, key);
        return key;
    }

    /** The secret of a key, or empty when it was erased (or never existed). */
    public Optional<SecretKey> openingKey(String keyId) {
        Optional<SecretKey> known = byId.get(keyId);
        if (known != null) {
            return known;
        }
        Optional<SecretKey> secret = available(() -> store.findById(keyId))
                .map(DataKeyEntry::secret)
                .map(bytes -> new SecretKeySpec(bytes, "AES"));
        if (byId.size() >= cacheSize) {
            byId.clear();
        }
        byId.put(keyId, secret);
        return secret;
    }

    /**
     * Destroys the subject's keys for {@code purposes}, in the caller's transaction; answers which keys it destroyed
     * (none for a user who never had one). This node forgets them when that transaction commits.
     */
    public List<ErasedKey> erase(String subjectId, Set<DataKey> purposes) {
        Instant at = clock.instant();
        List<DataKeyEntry> erased = available(() -> store.findBySubjectId(subjectId)).stream()
                .filter(entry -> purposes.contains(entry.purpose()) && entry.secret() != null)
                .toList();
        available(() -> {
            erased.forEach(entry -> store.erase(entry.keyId(), at));
            return erased;
        });
        List<String> ids = erased.stream().map(DataKeyEntry::keyId).toList();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forget(ids);
                }
            });
        } else {
            forget(ids);
        }
        return erased.stream().map(entry -> new ErasedKey(entry.purpose(), entry.keyId())).toList();
    }

    /**
     * Forgets keys erased since the last check, on any node. Also repairs a read that cached a key on this node while
     * its erasure was committing.
     */
    @Scheduled(fixedDelayString = "${parley.erasure.forget-every:1s}")
    void forgetErased() {
        Instant now = clock.instant();
        try {
            forget(store.findIdsErasedSince(lastCheck.minus(CLOCK_SKEW)));
            lastCheck = now;
        } catch (DataAccessException e) {
            log.warn("Could not check for erased data keys (checking again shortly): {}", e.getMostSpecificCause().getMessage());
        }
    }

    private void forget(List<String> erased) {
        if (erased.isEmpty()) {
            return;
        }
        Set<String> keyIds = Set.copyOf(erased);
        keyIds.forEach(id -> byId.put(id, Optional.empty()));
        live.values().removeIf(key -> keyIds.contains(key.keyId()));
    }

    private Optional<DataKeyEntry> find(String subjectId, DataKey purpose) {
        return newTransaction.execute(status -> store.findBySubjectIdAndPurpose(subjectId, purpose));
    }

    private DataKeyEntry create(String subjectId, DataKey purpose) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        DataKeyEntry entry = new DataKeyEntry(UUID.randomUUID().toString(), subjectId, purpose, secret, clock.instant());
        try {
            newTransaction.executeWithoutResult(status -> store.insert(entry));
            return entry;
        } catch (DataIntegrityViolationException race) {
            // Another thread or node made the subject's key a moment ago: theirs it is.
            return find(subjectId, purpose).orElseThrow(() -> race);
        }
    }

    private void remember(String subject, SealingKey key) {
        if (live.size() >= cacheSize) {
            live.clear();
        }
        live.put(subject, key);
    }

    /** A key store that cannot be reached is a 503: nothing is ever written unsealed instead. */
    private static <T> T available(Supplier<T> read) {
        try {
            return read.get();
        } catch (DataAccessException | TransactionException e) {
            throw ErrorCode.SERVICE_UNAVAILABLE.exception("The personal-data key store is unavailable.");
        }
    }
}
