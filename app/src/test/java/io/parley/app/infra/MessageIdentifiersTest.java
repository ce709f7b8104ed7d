package io.parley.app.infra;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdentifiersTest {

    @Test
    void axonsMessagesAreIdentifiedByThisFactory() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(MessageIdentifiers.class);
        String identifier = GenericEventMessage.asEventMessage("payload").getIdentifier();

        UUID uuid = UUID.fromString(identifier);
        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.toString()).isEqualTo(identifier);
    }

    @Test
    void identifiersFromManyThreadsAreDistinct() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = IntStream.range(0, 8).<Future<?>>mapToObj(t -> threads.submit(() -> {
                MessageIdentifiers identifiers = new MessageIdentifiers();
                for (int i = 0; i < 50_000; i++) {
                    seen.add(identifiers.generateIdentifier());
                }
            })).toList();
            for (Future<?> thread : done) {
                thread.get();
            }
        } finally {
            threads.shutdown();
        }
        assertThat(seen).hasSize(400_000);
    }
}
