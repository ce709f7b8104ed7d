package io.parley.app.live;

import io.parley.api.chat.ChatQueries.ChatSummary;
import io.parley.api.chat.ChatQueries.FindChatSummary;
import io.parley.api.chat.ChatQueries.FindChats;
import io.parley.projections.live.LiveChange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A live change as it crosses the Redis channel: whole on the other side, and only about shared-api's classes. */
class LiveChangeRelayTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aChangeArrivesAsItWasAnnounced() {
        LiveChange change = new LiveChange(FindChats.class, "ann", new FindChatSummary("chat-1", "ann"), ChatSummary.class);
        assertThat(LiveChangeRelay.decode(json, LiveChangeRelay.encode(json, change))).isEqualTo(change);
    }

    @Test
    void classesOutsideSharedApiAreRefused() {
        String foreign = LiveChangeRelay.encode(json, new LiveChange(FindChats.class, "ann",
                new FindChatSummary("chat-1", "ann"), ChatSummary.class)).replace(FindChatSummary.class.getName(), "java.lang.ProcessBuilder");
        assertThatThrownBy(() -> LiveChangeRelay.decode(json, foreign)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.ProcessBuilder");
    }
}
