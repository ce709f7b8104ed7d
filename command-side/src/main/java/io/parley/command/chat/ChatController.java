package io.parley.command.chat;

import io.parley.api.chat.ChatCommands.AddMember;
import io.parley.api.chat.ChatCommands.CreateGroup;
import io.parley.api.chat.ChatCommands.MuteChat;
import io.parley.api.chat.ChatCommands.RemoveMember;
import io.parley.api.chat.ChatQueries.ChatView;
import io.parley.api.chat.ChatQueries.FindChat;
import io.parley.api.chat.ChatQueries.MessageView;
import io.parley.command.support.ReadModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** API.md "Chat" writes over REST: send, receipts and groups. Reads are the query side's. */
@RestController
class ChatController {

    /** Text, media or both (a media message's text is its caption). */
    record Send(@NotBlank @Size(max = 64) String to, @Size(min = 1, max = 4096) String text,
                @Size(max = 64) String mediaId, @Size(max = 64) String clientMessageId) {
    }

    record Watermark(@NotNull @Min(0) Long seq) {
    }

    record NewGroup(@NotBlank @Size(max = 64) String name,
                    @NotNull @Size(min = 1, max = 255) List<@NotBlank @Size(max = 64) String> memberIds) {
    }

    record Member(@NotBlank @Size(max = 64) String userId) {
    }

    /** {@code until}: a time in the future, or null to unmute. */
    record Mute(@Future Instant until) {
    }

    private final ChatService chats;
    private final ReadModel readModel;
    private final Clock clock;

    ChatController(ChatService chats, ReadModel readModel, Clock clock) {
        this.chats = chats;
        this.readModel = readModel;
        this.clock = clock;
    }

    /**
     * 201 with the stored message; a retry with the same clientMessageId answers the original with 200. Answered
     * asynchronously: the request thread is free while the message is stored and projected.
     */
    @PostMapping("/api/chat/send")
    CompletableFuture<ResponseEntity<MessageView>> send(Principal principal, @Valid @RequestBody Send body) {
        return chats.send(principal.getName(), body).thenApply(sent ->
                ResponseEntity.status(sent.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(sent.message()));
    }

    @PostMapping("/api/chat/{chatId}/delivered")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delivered(Principal principal, @PathVariable String chatId, @Valid @RequestBody Watermark body) {
        chats.delivered(principal.getName(), chatId, body.seq(), true);
    }

    @PostMapping("/api/chat/{chatId}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(Principal principal, @PathVariable String chatId, @Valid @RequestBody Watermark body) {
        chats.read(principal.getName(), chatId, body.seq(), true);
    }

    /** Muted chats make no notifications for the caller until then (API.md "Notifications and devices"). */
    @PutMapping("/api/chat/{chatId}/mute")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void mute(Principal principal, @PathVariable String chatId, @Valid @RequestBody Mute body) {
        chats.send(new MuteChat(chatId, principal.getName(), body.until(), clock.instant()));
    }

    @PostMapping("/api/chat/groups")
    @ResponseStatus(HttpStatus.CREATED)
    ChatView createGroup(Principal principal, @Valid @RequestBody NewGroup body) {
        String me = principal.getName();
        List<String> members = body.memberIds().stream().distinct().filter(id -> !id.equals(me)).toList();
        members.forEach(member -> chats.requireConnected(me, member));
        String chatId = UUID.randomUUID().toString();
        chats.send(new CreateGroup(chatId, me, body.name().strip(), members, clock.instant()));
        return readModel.await(new FindChat(chatId, me), ChatView.class, Objects::nonNull);
    }

    @PostMapping("/api/chat/groups/{chatId}/members")
    ChatView addMember(Principal principal, @PathVariable String chatId, @Valid @RequestBody Member body) {
        String me = principal.getName();
        chats.requireConnected(me, body.userId());
        chats.send(new AddMember(chatId, me, body.userId(), clock.instant()));
        return readModel.await(new FindChat(chatId, me), ChatView.class,
                chat -> chat != null && chat.participants().contains(body.userId()));
    }

    @DeleteMapping("/api/chat/groups/{chatId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(Principal principal, @PathVariable String chatId, @PathVariable String userId) {
        chats.send(new RemoveMember(chatId, principal.getName(), userId, clock.instant()));
        readModel.await(new FindChat(chatId, userId), ChatView.class, Objects::isNull);
    }
}
