package io.parley.command.chat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A direct chat's id is derived from its pair: stored chats are found by it, so it must never change. */
class DirectChatIdTest {

    @Test
    void aPairsChatIdIsTheNameBasedUuidOfThePair() {
        assertThat(ChatService.directChatId(List.of("alice", "bob"))).isEqualTo("01cacf43-fe97-368a-88a9-8462edefc9e5");
        for (List<String> pair : List.of(List.of("u-1", "u-2"), List.of("ädä", "€x"), List.of("", "z"))) {
            String name = "direct:" + pair.get(0) + "|" + pair.get(1);
            assertThat(ChatService.directChatId(pair))
                    .isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        }
    }
}
