package io.parley.command.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.api.chat.ChatCommands.MarkDelivered;
import io.parley.api.chat.ChatCommands.MarkRead;
import io.parley.api.chat.ChatCommands.SendMessage;
import io.parley.api.chat.ChatCommands.SentMessage;
import io.parley.api.chat.ChatQueries.ChatView;
import io.parley.api.chat.ChatQueries.FindChat;
import io.parley.api.chat.ChatQueries.FindMessage;
import io.parley.api.chat.ChatQueries.FindReceipts;
import io.parley.api.chat.ChatQueries.FindSentMessage;
import io.parley.api.chat.ChatQueries.Receipts;
import io.parley.api.chat.ChatQueries.MessageView;
import io.parley.api.media.MediaCommands.UseMedia;
import io.parley.api.media.MediaKind;
import io.parley.api.media.MediaUse;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import io.parley.command.connection.ConnectedUsers;
import io.parley.command.limits.RateLimit;
import io.parley.command.limits.RateLimiter;
import io.parley.command.support.Commands;
import io.parley.command.support.ReadModel;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/** What the REST and STOMP chat endpoints share: sending with its checks, receipts, and the connection rule. */
@Service
class ChatService {

    /** Linked pairs and chat ids remembered at most, each; all are forgotten at once when there are more. */
    private static final int REMEMBERED = 100_000;
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    });

    record Sent(MessageView message, boolean duplicate) {
    }

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModel readModel;
    private final RateLimiter limiter;
    private final ConnectedUsers connections;
    private final GroupCommit groupCommit;
    private final Clock clock;
    private final Counter messagesSent;
    private final Set<List<String>> linkedPairs = ConcurrentHashMap.newKeySet();
    /**
     * Ids that a message was stored to as a chat: a chat id never names a user, so sending to one again needs no
     * look-up of the pair table (it could only answer "not linked").
     */
    private final Set<String> chatIds = ConcurrentHashMap.newKeySet();

    ChatService(CommandGateway commands, QueryGateway queries, ReadModel readModel, RateLimiter limiter,
                ConnectedUsers connections, GroupCommit groupCommit, Clock clock, MeterRegistry meters) {
        this.commands = commands;
        this.queries = queries;
        this.readModel = readModel;
        this.limiter = limiter;
        this.connections = connections;
        this.groupCommit = groupCommit;
        this.clock = clock;
        this.messagesSent = Counter.builder("parley.messages.sent")
                .description("Chat messages stored (a retry answered with its original is not counted)")
                .register(meters);
    }

    /**
     * Stores the message (answering only once it is stored and readable) or answers the original of a retry. The
     * request's shape and the rate limit are checked before this returns; no thread waits for the rest.
     */
    CompletableFuture<Sent> send(String me, ChatController.Send body) {
        SendMessage command = checkedCommand(me, body);
        ReadModel.Awaited<MessageView> written = readModel.awaitBefore(
                new FindSentMessage(command.chatId(), command.messageId(), me), MessageView.class);
        return store(command).whenComplete((sent, failure) -> {
            if (failure != null || sent.duplicate()) {
                written.cancel();
            }
        }).thenCompose(sent -> {
            FindMessage stored = new FindMessage(command.chatId(), sent.seq(), me);
            // A retry's original was stored under another id, maybe long ago: asked for at once.
            return (sent.duplicate() ? readModel.awaitWritten(stored, MessageView.class) : written.answer(stored))
                    .thenApply(message -> new Sent(message, sent.duplicate()));
        });
    }

    /**
     * Queues the message to be stored and returns without waiting: for STOMP, where the answer is the
     * {@code chat:receive} push that the projection sends once the message is readable, and an error fails the future.
     * The session's next frame is handled meanwhile; commands are stored in the order they were queued, so a session's
     * messages keep their order. The rate limit and the request's shape are checked before this returns.
     */
    CompletableFuture<Void> sendWithoutAnswer(String me, ChatController.Send body) {
        return store(checkedCommand(me, body)).thenApply(sent -> null);
    }

    /**
     * Stores with the other chat commands waiting to be stored. What follows runs on the thread that completes the
     * future, usually the writer's: counting, and on failure a look-up that only failures of one kind take.
     */
    private CompletableFuture<SentMessage> store(SendMessage command) {
        return groupCommit.<SentMessage>submit(command, () -> sendAlone(command))
                .exceptionally(failure -> {
                    throw explained(command, failure instanceof CompletionException wrapped ? wrapped.getCause() : failure);
                })
                .thenApply(sent -> {
                    if (!sent.duplicate()) {
                        messagesSent.increment();
                    }
                    if (command.directParticipants() == null) {
                        remember(chatIds, command.chatId());
                    }
                    return sent;
                });
    }

    /**
     * A message has text, media or both. Media is put to use before the message is stored: the media aggregate checks
     * that it is the sender's and ready, and answers its kind, the message's type. (Its chat's members see it once a
     * message that carries it is stored.)
     */
    private SendMessage checkedCommand(String me, ChatController.Send body) {
        if (body.text() == null && body.mediaId() == null) {
            throw ErrorCode.VALIDATION_FAILED.exception("A message has text, media or both.");
        }
        limiter.hit(RateLimit.CHAT_SEND, me);
        SendMessage text = toCommand(me, body.to(), body.text(), body.clientMessageId());
        if (body.mediaId() == null) {
            return text;
        }
        MediaKind kind = Commands.send(commands, new UseMedia(body.mediaId(), me, MediaUse.MESSAGE, text.chatId(), clock.instant()),
                ErrorCode.MEDIA_NOT_FOUND, "No such media.");
        return new SendMessage(text.chatId(), text.messageId(), me, text.text(), text.clientMessageId(),
                text.directParticipants(), text.at(), body.mediaId(), kind);
    }

    /**
     * A {@code to} that named neither a chat of the sender nor a linked user is either a chat the sender may not know
     * of or a user they are not connected to, and the answer says which.
     */
    private RuntimeException explained(SendMessage command, Throwable failure) {
        if (failure instanceof ParleyException e && e.errorCode() == ErrorCode.CHAT_NOT_FOUND
                && command.directParticipants() == null && !command.chatId().equals(command.senderId())
                && queries.query(new FindUser(command.chatId()), ResponseTypes.instanceOf(UserView.class)).join() != null) {
            return notConnected();
        }
        return failure instanceof RuntimeException e ? e : new CompletionException(failure);
    }

    /** Moves the delivered watermark; with {@code awaitReadSide}, returns once reads show it. */
    void delivered(String me, String chatId, long seq, boolean awaitReadSide) {
        long mark = send(new MarkDelivered(chatId, me, seq, clock.instant()));
        if (awaitReadSide) {
            readModel.await(new FindReceipts(chatId, me), Receipts.class, r -> r != null && r.delivered() >= mark);
        }
    }

    /** Moves the read watermark; with {@code awaitReadSide}, returns once reads show it. */
    void read(String me, String chatId, long seq, boolean awaitReadSide) {
        long mark = send(new MarkRead(chatId, me, seq, clock.instant()));
        if (awaitReadSide) {
            readModel.await(new FindReceipts(chatId, me), Receipts.class, r -> r != null && r.read() >= mark);
        }
    }

    /** The chat if {@code me} is a member; otherwise {@code chat_not_found}. */
    ChatView memberChat(String me, String chatId) {
        ChatView chat = queries.query(new FindChat(chatId, me), ResponseTypes.instanceOf(ChatView.class)).join();
        if (chat == null) {
            throw ErrorCode.CHAT_NOT_FOUND.exception("No such chat.");
        }
        return chat;
    }

    void requireConnected(String me, String other) {
        if (!connections.accepted(me, other)) {
            throw notConnected();
        }
    }

    private static ParleyException notConnected() {
        return ErrorCode.NOT_CONNECTED.exception("You can only chat with your accepted connections.");
    }

    /** Stored with the other chat commands waiting to be stored (one commit for all), or alone. */
    <R> R send(Object command) {
        return groupCommit.send(command, () -> sendAlone(command));
    }

    private <R> R sendAlone(Object command) {
        return Commands.send(commands, command, ErrorCode.CHAT_NOT_FOUND, "No such chat.");
    }

    /**
     * {@code to} names a linked user (a 1:1 chat, started by this message if need be: its id is derived from the
     * pair, so concurrent first messages land in the same chat) or a chat. The chat itself checks membership and,
     * for 1:1, that the connection is accepted, in the same transaction as the message.
     */
    private SendMessage toCommand(String me, String to, String text, String clientMessageId) {
        List<String> pair = me.compareTo(to) < 0 ? List.of(me, to) : List.of(to, me);
        if (!to.equals(me) && !chatIds.contains(to) && linked(pair)) {
            return new SendMessage(directChatId(pair), UUID.randomUUID().toString(), me, text, clientMessageId, pair,
                    clock.instant(), null, null);
        }
        return new SendMessage(to, UUID.randomUUID().toString(), me, text, clientMessageId, null, clock.instant(), null, null);
    }

    /**
     * Whether the pair is linked, remembered once it was: then {@code to} names a user for good (ids never change
     * kind), and if the pair has been unlinked since, the chat's own check answers {@code not_connected} as the
     * look-up would have. Pairs not linked (yet) are asked every time. Saves a query per message.
     */
    private boolean linked(List<String> pair) {
        if (linkedPairs.contains(pair)) {
            return true;
        }
        if (!connections.linked(pair.get(0), pair.get(1))) {
            return false;
        }
        remember(linkedPairs, pair);
        return true;
    }

    private static <T> void remember(Set<T> remembered, T value) {
        if (remembered.size() >= REMEMBERED) {
            remembered.clear();
        }
        remembered.add(value);
    }

    /**
     * The direct chat's id: a name-based (version 3) UUID of the pair, as {@link UUID#nameUUIDFromBytes} makes it,
     * with a digest kept per thread (looking MD5 up for every message cost a twentieth of a STOMP send's handling).
     */
    static String directChatId(List<String> sortedPair) {
        byte[] md5 = MD5.get().digest(("direct:" + sortedPair.get(0) + "|" + sortedPair.get(1)).getBytes(StandardCharsets.UTF_8));
        md5[6] = (byte) (md5[6] & 0x0f | 0x30);
        md5[8] = (byte) (md5[8] & 0x3f | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(md5);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }
}
