package io.parley.command.chat;

import io.parley.api.chat.ChatQueries.ChatView;
import io.parley.api.push.SocketEvent;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Controller;

import java.security.Principal;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * API.md's client SEND destinations. Results arrive as pushes ({@code chat:receive} to every participant's
 * sessions, the sender's included); errors go to {@code /user/queue/errors} as problem JSON (the app's STOMP
 * error advice). Typing is ephemeral: relayed to the other participants, never stored.
 */
@Controller
class ChatSocketController {

    record Typing(@NotBlank @Size(max = 64) String chatId, @NotNull Boolean typing) {
    }

    record Receipt(@NotBlank @Size(max = 64) String chatId, @NotNull @Min(0) Long seq) {
    }

    record TypingChanged(String chatId, String userId, boolean typing) {
    }

    private final ChatService chats;
    private final SimpMessagingTemplate sockets;
    private final Clock clock;

    ChatSocketController(ChatService chats, SimpMessagingTemplate sockets, Clock clock) {
        this.chats = chats;
        this.sockets = sockets;
        this.clock = clock;
    }

    /**
     * Returns once the message is queued to be stored, so the session's next frame need not wait for the commit; a
     * failure of the returned future reaches the error advice like a thrown one. The user comes as an
     * {@code Optional} (always present: CONNECT requires a token) because Spring 7 works out whether a plain
     * {@code Principal} parameter is nullable, from its annotations, for every frame: a fifth of this handler's time.
     */
    @MessageMapping("chat.send")
    CompletableFuture<Void> send(Optional<Principal> principal, @Valid @Payload ChatController.Send body) {
        return chats.sendWithoutAnswer(principal.orElseThrow().getName(), body);
    }

    @MessageMapping("chat.typing")
    void typing(Principal principal, @Valid @Payload Typing body) {
        String me = principal.getName();
        ChatView chat = chats.memberChat(me, body.chatId());
        SocketEvent event = new SocketEvent("chat:typing", new TypingChanged(chat.chatId(), me, body.typing()), clock.instant());
        chat.participants().stream().filter(p -> !p.equals(me))
                .forEach(p -> sockets.convertAndSendToUser(p, "/queue/events", event));
    }

    @MessageMapping("chat.delivered")
    void delivered(Principal principal, @Valid @Payload Receipt body) {
        chats.delivered(principal.getName(), body.chatId(), body.seq(), false);
    }

    @MessageMapping("chat.read")
    void read(Principal principal, @Valid @Payload Receipt body) {
        chats.read(principal.getName(), body.chatId(), body.seq(), false);
    }
}
