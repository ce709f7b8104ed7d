package io.parley.app.infra;

import io.parley.api.TargetId;
import io.parley.api.chat.ChatCommands.MarkRead;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetIdResolverTest {

    private final TargetIdResolver resolver = new TargetIdResolver();

    record Untargeted(String id) {
    }

    static final class FieldTargeted {
        @TargetId
        private final String id;

        FieldTargeted(String id) {
            this.id = id;
        }
    }

    @Test
    void readsTheTargetIdOfEachCommandItIsGiven() {
        for (String chatId : new String[]{"chat-1", "chat-2"}) {
            var target = resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new MarkRead(chatId, "ann", 3, Instant.EPOCH)));
            assertThat(target.getIdentifierValue()).isEqualTo(chatId);
            assertThat(target.getVersion()).isNull();
        }
    }

    @Test
    void readsAnAnnotatedField() {
        assertThat(resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new FieldTargeted("f-1"))).getIdentifier())
                .isEqualTo("f-1");
    }

    @Test
    void refusesACommandWithoutATargetOrWithANullOne() {
        assertThatThrownBy(() -> resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new Untargeted("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Untargeted");
        assertThatThrownBy(() -> resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new MarkRead(null, "ann", 3, Instant.EPOCH))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MarkRead");
    }

    @Test
    void routesEveryCommandForOneAggregateByItsIdAndOthersAnywhere() {
        for (String chatId : new String[]{"chat-1", "chat-2"}) {
            assertThat(resolver.getRoutingKey(GenericCommandMessage.asCommandMessage(new MarkRead(chatId, "ann", 3, Instant.EPOCH))))
                    .isEqualTo(resolver.getRoutingKey(GenericCommandMessage.asCommandMessage(new MarkRead(chatId, "ben", 9, Instant.EPOCH))))
                    .isEqualTo(chatId);
        }
        var untargeted = GenericCommandMessage.asCommandMessage(new Untargeted("x"));
        assertThat(resolver.getRoutingKey(untargeted)).isEqualTo(untargeted.getIdentifier());
    }
}
