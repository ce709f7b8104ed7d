package io.parley.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.chat.ChatEvents.MessageSent;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projections' dead-letter queues: a chat whose projection fails is parked alone (later events of it behind
 * it), every other chat keeps being projected, and once the fault is gone a retry catches the chat up in order.
 * The fault is a test-only wrapper around the {@code chats} group's handlers, failing for chosen chat ids.
 */
@Import(DeadLetterApiTest.Faults.class)
@TestPropertySource(properties = "parley.read-model.await-timeout=2s")
class DeadLetterApiTest extends ApiTest {

    /** Makes the chats projection fail for chosen chats, always or a number of times, and records what it projected. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Faults {

        final Set<String> broken = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
        final Map<String, List<Long>> projectedSeqs = new ConcurrentHashMap<>();

        @Bean
        HandlerEnhancerDefinition chatFaults() {
            return new HandlerEnhancerDefinition() {
                @Override
                public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                    ProcessingGroup group = original.declaringClass().getAnnotation(ProcessingGroup.class);
                    if (group == null || !group.value().equals("chats") || !original.hasAnnotation(EventHandler.class)) {
                        return original;
                    }
                    return new WrappedMessageHandlingMember<>(original) {
                        @Override
                        public Object handle(Message<?> message, T target) throws Exception {
                            String chatId = message instanceof DomainEventMessage<?> event ? event.getAggregateIdentifier() : "";
                            AtomicInteger left = failuresLeft.get(chatId);
                            if (broken.contains(chatId) || (left != null && left.getAndDecrement() > 0)) {
                                throw new IllegalStateException("chats projection broken for " + chatId);
                            }
                            Object result = super.handle(message, target);
                            if (message.getPayload() instanceof MessageSent sent) {
                                projectedSeqs.computeIfAbsent(chatId, id -> new CopyOnWriteArrayList<>()).add(sent.seq());
                            }
                            return result;
                        }
                    };
                }
            };
        }
    }

    @Autowired
    Faults faults;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    MeterRegistry meters;

    private Api.Response send(User from, String to, String text) {
        return api().post("/api/chat/send", from.token(), json("{'to':'%s','text':'%s'}", to, text));
    }

    private List<Long> history(User reader, String chatId) {
        List<Long> seqs = new ArrayList<>();
        api().get("/api/chat/" + chatId, reader.token()).json().path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    private List<JsonNode> deadLetters(String admin, String chatId) {
        Api.Response list = api().get("/api/admin/dead-letters/chats", admin);
        assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
        return list.json().valueStream().filter(l -> l.path("aggregateId").asString().equals(chatId)).toList();
    }

    private JsonNode projection(String admin, String name) {
        return api().get("/api/admin/projections", admin).json().valueStream()
                .filter(p -> p.path("name").asString().equals(name)).findFirst().orElseThrow();
    }

    private static <T> T await(Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        T value = read.get();
        while (!done.test(value) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            value = read.get();
        }
        return value;
    }

    /** Two connected users and their 1:1 chat, started with one message while the projection is healthy. */
    private record Chat(User ann, User ben, String id) {
    }

    private Chat chat() {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        Api.Response first = send(ann, ben.id(), "first");
        assertThat(first.status()).as(first.raw().body()).isEqualTo(201);
        return new Chat(ann, ben, first.text("chatId"));
    }

    /** Sends a message while the chat's projection fails, waits until it is parked, then repairs the projection. */
    private JsonNode parkOneMessage(String admin, Chat chat) throws InterruptedException {
        faults.broken.add(chat.id());
        send(chat.ann(), chat.id(), "parked");
        JsonNode letter = await(() -> deadLetters(admin, chat.id()), l -> !l.isEmpty()).get(0);
        faults.broken.remove(chat.id());
        return letter;
    }

    @Test
    void aFailingChatIsParkedAloneAndARetryCatchesItUpInOrder() throws InterruptedException {
        String admin = adminToken();
        Chat failing = chat();
        Chat healthy = chat();
        faults.broken.add(failing.id());

        // The sends are stored; their read-your-writes wait gives up, since the chat's projection is parked.
        Api.Response second = send(failing.ann(), failing.id(), "secret-two");
        assertThat(second.status()).as(second.raw().body()).isEqualTo(503);
        assertThat(send(failing.ben(), failing.id(), "secret-three").status()).isEqualTo(503);
        assertThat(send(healthy.ben(), healthy.id(), "still flowing").status()).as("other chats keep being projected").isEqualTo(201);
        assertThat(history(healthy.ann(), healthy.id())).containsExactly(1L, 2L);
        assertThat(history(failing.ann(), failing.id())).containsExactly(1L);

        List<JsonNode> parked = await(() -> deadLetters(admin, failing.id()), l -> l.size() == 2);
        assertThat(parked).hasSize(2);
        JsonNode head = parked.get(0);
        assertThat(head.path("eventType").asString()).isEqualTo("MessageSent");
        assertThat(head.path("sequenceIdentifier").asString()).isEqualTo(failing.id());
        assertThat(head.path("cause").path("type").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(head.path("cause").path("message").asString()).isEqualTo("chats projection broken for " + failing.id());
        assertThat(head.path("retries").asInt()).isZero();
        assertThat(head.path("id").asString()).isNotBlank();
        assertThat(head.path("aggregateSeq").isNumber()).isTrue();
        assertThat(head.path("enqueuedAt").asString()).isNotBlank();
        JsonNode behind = parked.get(1);
        assertThat(behind.path("cause").isNull()).as("parked behind its sequence, never tried").isTrue();
        assertThat(behind.path("index").asLong()).isGreaterThan(head.path("index").asLong());
        assertThat(api().get("/api/admin/dead-letters/chats", admin).raw().body()).doesNotContain("secret-");

        assertThat(projection(admin, "chats").path("deadLetters").asLong()).isEqualTo(2);
        assertThat(projection(admin, "users").path("deadLetters").asLong()).isZero();
        assertThat(projection(admin, "chats").path("error").isNull()).as("the processor itself is healthy").isTrue();
        assertThat(meters.get("parley.dead.letters").tag("group", "chats").gauge().value()).isEqualTo(2.0);

        Api.Response stillBroken = api().post("/api/admin/dead-letters/chats/retry", admin, null);
        assertThat(stillBroken.status()).isEqualTo(200);
        assertThat(stillBroken.json().path("cleared").asInt()).isZero();
        assertThat(stillBroken.json().path("deadLetters").asLong()).isEqualTo(2);
        assertThat(deadLetters(admin, failing.id()).get(0).path("retries").asInt()).isEqualTo(1);

        faults.broken.remove(failing.id());
        Api.Response retried = api().post("/api/admin/dead-letters/chats/retry", admin, null);
        assertThat(retried.status()).as(retried.raw().body()).isEqualTo(200);
        assertThat(retried.json().path("sequences").asInt()).isEqualTo(1);
        assertThat(retried.json().path("cleared").asInt()).isEqualTo(1);
        assertThat(retried.json().path("deadLetters").asLong()).isZero();
        assertThat(faults.projectedSeqs.get(failing.id())).containsExactly(1L, 2L, 3L);
        assertThat(history(failing.ben(), failing.id())).containsExactly(1L, 2L, 3L);
        JsonNode summary = api().get("/api/chat/user/" + failing.ben().id(), failing.ben().token()).json().get(0);
        assertThat(summary.path("lastMessage").path("seq").asLong()).isEqualTo(3);
        assertThat(projection(admin, "chats").path("deadLetters").asLong()).isZero();

        assertThat(send(failing.ben(), failing.id(), "back to normal").status()).isEqualTo(201);
    }

    @Test
    void aTransientFailureIsRetriedWithBackOffAndOnlyTheLastAttemptsFailureParks() throws InterruptedException {
        String admin = adminToken();
        Chat chat = chat();

        faults.failuresLeft.put(chat.id(), new AtomicInteger(2));
        assertThat(send(chat.ann(), chat.id(), "third attempt works").status()).isEqualTo(201);
        assertThat(deadLetters(admin, chat.id())).isEmpty();

        faults.failuresLeft.put(chat.id(), new AtomicInteger(3));
        assertThat(send(chat.ann(), chat.id(), "three attempts fail").status()).isEqualTo(503);
        assertThat(await(() -> deadLetters(admin, chat.id()), l -> !l.isEmpty())).hasSize(1);

        assertThat(api().post("/api/admin/dead-letters/chats/retry", admin, null).json().path("deadLetters").asLong()).isZero();
        assertThat(history(chat.ann(), chat.id())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void evictingALetterUnblocksItsChatWithoutThatEvent() throws InterruptedException {
        String admin = adminToken();
        Chat chat = chat();
        String id = parkOneMessage(admin, chat).path("id").asString();

        User other = user();
        assertThat(api().delete("/api/admin/dead-letters/chats/" + id, other.token()).status()).isEqualTo(403);
        assertThat(api().delete("/api/admin/dead-letters/chats/" + id, admin).status()).isEqualTo(204);
        assertThat(deadLetters(admin, chat.id())).isEmpty();
        Api.Response again = api().delete("/api/admin/dead-letters/chats/" + id, admin);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.text("code")).isEqualTo("dead_letter_not_found");

        assertThat(send(chat.ben(), chat.id(), "after eviction").status()).isEqualTo(201);
        assertThat(history(chat.ann(), chat.id())).containsExactly(1L, 3L);
    }

    @Test
    void aReplayClearsTheGroupsQueueAndRebuildsTheParkedChat() throws InterruptedException {
        String admin = adminToken();
        Chat chat = chat();
        parkOneMessage(admin, chat);

        assertThat(api().post("/api/admin/projections/chats/replay", admin, null).status()).isEqualTo(202);
        JsonNode status = await(() -> projection(admin, "chats"), p -> p.path("lag").asLong() == 0);
        assertThat(status.path("deadLetters").asLong()).isZero();
        assertThat(await(() -> history(chat.ben(), chat.id()), seqs -> seqs.size() == 2)).containsExactly(1L, 2L);
    }

    @Test
    void everyProcessingGroupHasAQueueOnlyAdminsSeeAndUnknownGroupsAreNotFound() {
        assertThat(processing.eventProcessors().keySet()).contains("users", "connections", "chats")
                .allSatisfy(group -> assertThat(processing.deadLetterQueue(group)).as(group).isPresent());

        String admin = adminToken();
        String token = user().token();
        assertThat(api().get("/api/admin/dead-letters/users", admin).json().isArray()).isTrue();
        assertThat(api().get("/api/admin/dead-letters/users", token).status()).isEqualTo(403);
        assertThat(api().post("/api/admin/dead-letters/users/retry", token, null).status()).isEqualTo(403);
        for (Api.Response unknown : List.of(api().get("/api/admin/dead-letters/nope", admin),
                api().post("/api/admin/dead-letters/nope/retry", admin, null),
                api().delete("/api/admin/dead-letters/nope/x", admin))) {
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.text("code")).isEqualTo("projection_not_found");
            assertThat(unknown.contentType()).startsWith("application/problem+json");
        }
        for (String limit : List.of("0", "1001", "many")) {
            Api.Response bad = api().get("/api/admin/dead-letters/users?limit=" + limit, admin);
            assertThat(bad.status()).as("limit=" + limit).isEqualTo(400);
            assertThat(bad.text("code")).isEqualTo("validation_failed");
        }
    }
}
