package io.parley.command.chat;

import io.parley.api.ErrorCode;
import io.parley.api.chat.ChatCommands.AddMember;
import io.parley.api.chat.ChatCommands.CreateGroup;
import io.parley.api.chat.ChatCommands.MarkDelivered;
import io.parley.api.chat.ChatCommands.MarkRead;
import io.parley.api.chat.ChatCommands.RemoveMember;
import io.parley.api.chat.ChatCommands.SendMessage;
import io.parley.api.chat.ChatCommands.SentMessage;
import io.parley.api.chat.ChatQueries.ChatView;
import io.parley.api.chat.ChatQueries.FindChat;
import io.parley.api.chat.ChatQueries.FindMessage;
import io.parley.api.chat.ChatQueries.MessageView;
import io.parley.api.connection.ConnectionQueries.FindConnectionBetween;
import io.parley.api.connection.ConnectionView;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import io.parley.command.limits.RateLimit;
import io.parley.command.limits.RateLimiter;
import io.parley.command.support.ReadModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** API.md "Chat" writes: send, receipts and groups. Reads are the query side's. */
@RestController
class ChatController {

    record Send(@NotBlank @Size(max = 64) String to, @NotNull @Size(min = 1, max = 4096) String text,
                @Size(max = 64) String clientMessageId) {
    }

    record Watermark(@NotNull @Min(0) Long seq) {
    }

    record NewGroup(@NotBlank @Size(max = 64) String name, @NotNull @Size(min = 1, max = 255) List<@NotBlank @Size(max = 64) String> memberIds) {
    }

    record Member(@NotBlank @Size(max = 64) String userId) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModel readModel;
    private final RateLimiter limiter;
    private final Clock clock;

    ChatController(CommandGateway commands, QueryGateway queries, ReadModel readModel, RateLimiter limiter, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.readModel = readModel;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** 201 with the stored message; a retry with the same clientMessageId answers the original with 200. */
    @PostMapping("/api/chat/send")
    ResponseEntity<MessageView> send(Principal principal, @Valid @RequestBody Send body) {
        String me = principal.getName();
        limiter.hit(RateLimit.CHAT_SEND, me);
        SendMessage command = toCommand(me, body);
        SentMessage sent = sendCommand(command);
        MessageView message = readModel.await(new FindMessage(command.chatId(), sent.seq(), me), MessageView.class, Objects::nonNull);
        return ResponseEntity.status(sent.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(message);
    }

    @PostMapping("/api/chat/{chatId}/delivered")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delivered(Principal principal, @PathVariable String chatId, @Valid @RequestBody Watermark body) {
        sendCommand(new MarkDelivered(chatId, principal.getName(), body.seq(), clock.instant()));
    }

    @PostMapping("/api/chat/{chatId}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(Principal principal, @PathVariable String chatId, @Valid @RequestBody Watermark body) {
        sendCommand(new MarkRead(chatId, principal.getName(), body.seq(), clock.instant()));
    }

    @PostMapping("/api/chat/groups")
    @ResponseStatus(HttpStatus.CREATED)
    ChatView createGroup(Principal principal, @Valid @RequestBody NewGroup body) {
        String me = principal.getName();
        List<String> members = body.memberIds().stream().distinct().filter(id -> !id.equals(me)).toList();
        members.forEach(member -> requireConnected(me, member));
        String chatId = UUID.randomUUID().toString();
        sendCommand(new CreateGroup(chatId, me, body.name().strip(), members, clock.instant()));
        return readModel.await(new FindChat(chatId, me), ChatView.class, Objects::nonNull);
    }

    @PostMapping("/api/chat/groups/{chatId}/members")
    ChatView addMember(Principal principal, @PathVariable String chatId, @Valid @RequestBody Member body) {
        String me = principal.getName();
        requireConnected(me, body.userId());
        sendCommand(new AddMember(chatId, me, body.userId(), clock.instant()));
        return readModel.await(new FindChat(chatId, me), ChatView.class,
                chat -> chat != null && chat.participants().contains(body.userId()));
    }

    @DeleteMapping("/api/chat/groups/{chatId}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeMember(Principal principal, @PathVariable String chatId, @PathVariable String userId) {
        sendCommand(new RemoveMember(chatId, principal.getName(), userId, clock.instant()));
        readModel.await(new FindChat(chatId, userId), ChatView.class, Objects::isNull);
    }

    /**
     * {@code to} names a user (a 1:1 chat, started by this message if need be: its id is derived from the pair,
     * so concurrent first messages land in the same chat) or a chat the sender is in.
     */
    private SendMessage toCommand(String me, Send body) {
        boolean toUser = !body.to().equals(me)
                && queries.query(new FindUser(body.to()), ResponseTypes.instanceOf(UserView.class)).join() != null;
        if (toUser) {
            requireConnected(me, body.to());
            List<String> pair = me.compareTo(body.to()) < 0 ? List.of(me, body.to()) : List.of(body.to(), me);
            return new SendMessage(directChatId(pair), UUID.randomUUID().toString(), me, body.text(),
                    body.clientMessageId(), pair, clock.instant());
        }
        ChatView chat = queries.query(new FindChat(body.to(), me), ResponseTypes.instanceOf(ChatView.class)).join();
        if (chat != null && "direct".equals(chat.type())) {
            chat.participants().stream().filter(p -> !p.equals(me)).forEach(other -> requireConnected(me, other));
        }
        return new SendMessage(body.to(), UUID.randomUUID().toString(), me, body.text(), body.clientMessageId(), null,
                clock.instant());
    }

    static String directChatId(List<String> sortedPair) {
        return UUID.nameUUIDFromBytes(("direct:" + sortedPair.get(0) + "|" + sortedPair.get(1)).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private void requireConnected(String me, String other) {
        ConnectionView connection = queries.query(new FindConnectionBetween(me, other),
                ResponseTypes.instanceOf(ConnectionView.class)).join();
        if (connection == null || !"accepted".equals(connection.status())) {
            throw ErrorCode.NOT_CONNECTED.exception("You can only chat with your accepted connections.");
        }
    }

    private <R> R sendCommand(Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (AggregateNotFoundException e) {
            throw ErrorCode.CHAT_NOT_FOUND.exception("No such chat.");
        }
    }
}
