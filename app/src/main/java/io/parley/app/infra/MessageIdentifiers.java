package io.parley.app.infra;

import org.axonframework.common.IdentifierFactory;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * Identifiers of Axon's messages (commands, events, and a result message for every event a processor handles):
 * random (version 4) UUIDs, as Axon's default makes them, but from a generator per thread. Axon's default calls
 * {@link UUID#randomUUID()}, which takes SecureRandom's global lock and reads {@code /dev/urandom}, on every
 * processor and on the chat writer. The identifiers must be unique, not unguessable: each thread's generator
 * (192 bits of state) is seeded from {@link SecureRandom}. Request correlation ids come from here too. Found by
 * {@link java.util.ServiceLoader} ({@code META-INF/services}), as Axon looks its factory up.
 */
public final class MessageIdentifiers extends IdentifierFactory {

    private static final SecureRandom SEEDS = new SecureRandom();
    private static final RandomGeneratorFactory<RandomGenerator> ALGORITHM = RandomGeneratorFactory.of("L64X128MixRandom");
    private static final ThreadLocal<RandomGenerator> GENERATORS = ThreadLocal.withInitial(() -> {
        byte[] seed = new byte[24];
        SEEDS.nextBytes(seed);
        return ALGORITHM.create(seed);
    });

    @Override
    public String generateIdentifier() {
        return randomUuid();
    }

    /** A random (version 4) UUID, unique but not unguessable, from this thread's generator. */
    public static String randomUuid() {
        RandomGenerator random = GENERATORS.get();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
