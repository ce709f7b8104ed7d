package io.parley.command.chat;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.parley.api.ErrorCode;
import io.parley.api.chat.ChatCommands.AddMember;
import io.parley.api.chat.ChatCommands.CreateGroup;
import io.parley.api.chat.ChatCommands.MarkDelivered;
import io.parley.api.chat.ChatCommands.MarkRead;
import io.parley.api.chat.ChatCommands.MuteChat;
import io.parley.api.chat.ChatCommands.RemoveMember;
import io.parley.api.chat.ChatCommands.SendMessage;
import io.parley.api.chat.ChatCommands.SentMessage;
import io.parley.api.chat.ChatEvents.ChatMuted;
import io.parley.api.chat.ChatEvents.DirectChatStarted;
import io.parley.api.chat.ChatEvents.GroupCreated;
import io.parley.api.chat.ChatEvents.MemberAdded;
import io.parley.api.chat.ChatEvents.MemberRemoved;
import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.chat.ChatEvents.MessagesDelivered;
import io.parley.api.chat.ChatEvents.MessagesRead;
import io.parley.command.connection.ConnectedUsers;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One conversation: who is in it, the next gapless seq, the recent clientMessageIds (for idempotent retries)
 * and each member's delivered/read watermarks. A 1:1 chat starts with its first message; a group is created.
 * Strangers are told the chat does not exist, so chat ids cannot be probed. The state is small and
 * snapshotted (as JSON of its fields), so a chat with a long history still loads fast.
 */
@Aggregate(commandTargetResolver = "parleyCommandTargetResolver", cache = "chatCache",
        snapshotTriggerDefinition = "chatSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Chat {

    static final int MAX_MEMBERS = 256;
    /** How many recent (sender, clientMessageId) pairs are remembered for idempotency. */
    static final int IDEMPOTENCY_WINDOW = 1_000;

    @AggregateIdentifier
    private String chatId;
    private boolean group;
    private final Set<String> members = new LinkedHashSet<>();
    private final Set<String> admins = new LinkedHashSet<>();
    private long lastSeq;
    private final Map<String, Long> delivered = new HashMap<>();
    private final Map<String, Long> read = new HashMap<>();
    /** Insertion-ordered, so the eldest entry is the first one. */
    private final LinkedHashMap<String, SentMessage> recent = new LinkedHashMap<>();

    Chat() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    SentMessage handle(SendMessage command, ConnectedUsers connections) {
        if (chatId == null) {
            if (command.directParticipants() == null || !command.directParticipants().contains(command.senderId())) {
                throw notFound();
            }
            requireConnected(command.directParticipants(), command.senderId(), connections);
            apply(new DirectChatStarted(command.chatId(), List.copyOf(command.directParticipants()), command.at()));
        }
        requireMember(command.senderId());
        if (command.clientMessageId() != null) {
            SentMessage original = recent.get(key(command.senderId(), command.clientMessageId()));
            if (original != null) {
                return new SentMessage(original.messageId(), original.seq(), true);
            }
        }
        if (!group) {
            requireConnected(members, command.senderId(), connections);
        }
        apply(new MessageSent(chatId, command.messageId(), lastSeq + 1, command.senderId(), command.text(),
                command.clientMessageId(), command.at(), command.mediaId(), command.mediaKind()));
        return new SentMessage(command.messageId(), lastSeq, false);
    }

    @CommandHandler
    long handle(MarkDelivered command) {
        requireMember(command.userId());
        long seq = Math.min(command.seq(), lastSeq);
        if (seq > delivered.getOrDefault(command.userId(), 0L)) {
            apply(new MessagesDelivered(chatId, command.userId(), seq, command.at()));
        }
        return delivered.getOrDefault(command.userId(), 0L);
    }

    @CommandHandler
    long handle(MarkRead command) {
        requireMember(command.userId());
        long seq = Math.min(command.seq(), lastSeq);
        if (seq > read.getOrDefault(command.userId(), 0L)) {
            apply(new MessagesRead(chatId, command.userId(), seq, command.at()));
        }
        return read.getOrDefault(command.userId(), 0L);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    void handle(CreateGroup command) {
        Set<String> all = new LinkedHashSet<>();
        all.add(command.creatorId());
        all.addAll(command.memberIds());
        if (all.size() > MAX_MEMBERS) {
            throw ErrorCode.VALIDATION_FAILED.exception("A group has at most " + MAX_MEMBERS + " members.");
        }
        apply(new GroupCreated(command.chatId(), command.name(), command.creatorId(), List.copyOf(all), command.at()));
    }

    @CommandHandler
    void handle(AddMember command) {
        requireGroupAdmin(command.adminId());
        if (members.contains(command.userId())) {
            return;
        }
        if (members.size() >= MAX_MEMBERS) {
            throw ErrorCode.VALIDATION_FAILED.exception("A group has at most " + MAX_MEMBERS + " members.");
        }
        apply(new MemberAdded(chatId, command.userId(), command.adminId(), command.at()));
    }

    @CommandHandler
    void handle(RemoveMember command) {
        requireMember(command.byUserId());
        if (!command.byUserId().equals(command.userId())) {
            requireGroupAdmin(command.byUserId());
        } else if (!group) {
            throw ErrorCode.FORBIDDEN.exception("Nobody leaves a 1:1 chat.");
        }
        if (members.contains(command.userId())) {
            apply(new MemberRemoved(chatId, command.userId(), command.byUserId(), command.at()));
        }
    }

    /** Only for oneself, and only as a member. */
    @CommandHandler
    void handle(MuteChat command) {
        requireMember(command.userId());
        apply(new ChatMuted(chatId, command.userId(), command.until(), command.at()));
    }

    @EventSourcingHandler
    void on(DirectChatStarted event) {
        chatId = event.chatId();
        members.addAll(event.participants());
    }

    @EventSourcingHandler
    void on(GroupCreated event) {
        chatId = event.chatId();
        group = true;
        members.addAll(event.memberIds());
        admins.add(event.creatorId());
    }

    @EventSourcingHandler
    void on(MessageSent event) {
        lastSeq = event.seq();
        if (event.clientMessageId() != null) {
            recent.put(key(event.senderId(), event.clientMessageId()), new SentMessage(event.messageId(), event.seq(), false));
            if (recent.size() > IDEMPOTENCY_WINDOW) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
    }

    @EventSourcingHandler
    void on(MessagesDelivered event) {
        delivered.put(event.userId(), event.seq());
    }

    @EventSourcingHandler
    void on(MessagesRead event) {
        read.put(event.userId(), event.seq());
        delivered.merge(event.userId(), event.seq(), Math::max);
    }

    @EventSourcingHandler
    void on(MemberAdded event) {
        members.add(event.userId());
    }

    @EventSourcingHandler
    void on(MemberRemoved event) {
        members.remove(event.userId());
        admins.remove(event.userId());
    }

    private void requireMember(String userId) {
        if (!members.contains(userId)) {
            throw notFound();
        }
    }

    /** A 1:1 chat is only for users whose connection is accepted (and not removed since). */
    private static void requireConnected(Collection<String> pair, String senderId, ConnectedUsers connections) {
        for (String other : pair) {
            if (!other.equals(senderId) && !connections.accepted(senderId, other)) {
                throw ErrorCode.NOT_CONNECTED.exception("You can only chat with your accepted connections.");
            }
        }
    }

    private void requireGroupAdmin(String userId) {
        requireMember(userId);
        if (!group || !admins.contains(userId)) {
            throw ErrorCode.FORBIDDEN.exception("Only a group admin may do this.");
        }
    }

    private static String key(String senderId, String clientMessageId) {
        return senderId + "\n" + clientMessageId;
    }

    private static RuntimeException notFound() {
        return ErrorCode.CHAT_NOT_FOUND.exception("No such chat.");
    }
}
