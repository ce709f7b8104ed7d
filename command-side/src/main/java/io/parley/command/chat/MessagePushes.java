package io.parley.command.chat;

import io.parley.api.chat.ChatEvents.MessageSent;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code chat:receive} for the messages a chat stores, to its members' sockets, as soon as they are durable: without
 * waiting for the read model, and with the members the chat had when it stored the message. The chat hands each
 * message over in its command's unit of work; they are pushed once the outermost unit of work has committed (a group
 * commit's), in the order they were stored, so each chat's pushes go out by seq, and never for a unit rolled back.
 * Axon runs after-commit callbacks in reverse order, so one callback per outermost unit pushes its whole list.
 */
@Component
public class MessagePushes {

    /** Sends one stored message to its members' sockets; the app provides it. */
    public interface Sender {
        void push(MessageSent message, List<String> members);
    }

    private record Stored(MessageSent message, List<String> members) {
    }

    private static final String STORED = MessagePushes.class.getName();

    private final Sender sender;

    public MessagePushes(Sender sender) {
        this.sender = sender;
    }

    void afterCommit(MessageSent message, List<String> members) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.<List<Stored>>getOrComputeResource(STORED, key -> {
            List<Stored> stored = new ArrayList<>();
            root.afterCommit(unit -> stored.forEach(each -> sender.push(each.message(), each.members())));
            return stored;
        }).add(new Stored(message, members));
    }
}
