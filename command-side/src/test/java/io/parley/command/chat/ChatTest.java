package io.parley.command.chat;

import io.parley.api.ErrorCode;
import io.parley.api.TargetId;
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
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.parley.command.DomainErrorMatchers.matchesCode;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ChatTest {

    private static final String CHAT = "chat-1";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final List<String> PAIR = List.of("ann", "ben");
    private static final DirectChatStarted STARTED = new DirectChatStarted(CHAT, PAIR, T0);

    private AggregateTestFixture<Chat> fixture;
    private ConnectedUsers connections;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Chat.class);
        fixture.registerCommandTargetResolver(
                AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build());
        connections = mock(ConnectedUsers.class);
        when(connections.accepted("ann", "ben")).thenReturn(true);
        when(connections.accepted("ben", "ann")).thenReturn(true);
        fixture.registerInjectableResource(connections);
    }

    private static MessageSent sent(long seq, String sender, String clientMessageId) {
        return new MessageSent(CHAT, "m" + seq, seq, sender, "text " + seq, clientMessageId, T0, null, null);
    }

    private static SendMessage send(String messageId, String sender, String clientMessageId) {
        return new SendMessage(CHAT, messageId, sender, "hello", clientMessageId, PAIR, T0, null, null);
    }

    @Test
    void theFirstMessageStartsTheDirectChatWithSeqOne() {
        fixture.givenNoPriorActivity()
                .when(send("m1", "ann", "c1"))
                .expectEvents(STARTED, new MessageSent(CHAT, "m1", 1, "ann", "hello", "c1", T0, null, null))
                .expectResultMessagePayload(new SentMessage("m1", 1, false));
    }

    @Test
    void aDirectChatNeedsAnAcceptedConnectionToStartAndToGoOn() {
        when(connections.accepted("ann", "ben")).thenReturn(false);
        fixture.givenNoPriorActivity()
                .when(send("m1", "ann", "c1"))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.NOT_CONNECTED, null));
        fixture.given(STARTED, sent(1, "ben", null))
                .when(send("m2", "ann", "c2"))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.NOT_CONNECTED, null));
    }

    @Test
    void aRetryOfAStoredMessageStillAnswersWithTheOriginalAfterTheConnectionEnds() {
        when(connections.accepted("ann", "ben")).thenReturn(false);
        fixture.given(STARTED, sent(1, "ann", "c1"))
                .when(send("m-retry", "ann", "c1"))
                .expectNoEvents()
                .expectResultMessagePayload(new SentMessage("m1", 1, true));
    }

    @Test
    void seqsAreGaplessAndIncreasing() {
        fixture.given(STARTED, sent(1, "ann", null), sent(2, "ben", null))
                .when(send("m3", "ann", null))
                .expectEvents(new MessageSent(CHAT, "m3", 3, "ann", "hello", null, T0, null, null))
                .expectResultMessagePayload(new SentMessage("m3", 3, false));
    }

    @Test
    void aRetryWithTheSameClientMessageIdReturnsTheOriginalAndStoresNothing() {
        fixture.given(STARTED, sent(1, "ann", "c1"), sent(2, "ben", "c2"))
                .when(send("m-retry", "ann", "c1"))
                .expectNoEvents()
                .expectResultMessagePayload(new SentMessage("m1", 1, true));
    }

    @Test
    void theSameClientMessageIdFromAnotherSenderIsANewMessage() {
        fixture.given(STARTED, sent(1, "ann", "c1"))
                .when(send("m2", "ben", "c1"))
                .expectEvents(new MessageSent(CHAT, "m2", 2, "ben", "hello", "c1", T0, null, null));
    }

    @Test
    void idempotencyIsRememberedForABoundedWindow() {
        List<Object> history = new ArrayList<>(List.of(STARTED));
        IntStream.rangeClosed(1, Chat.IDEMPOTENCY_WINDOW + 1).forEach(seq -> history.add(sent(seq, "ann", "c" + seq)));
        long next = Chat.IDEMPOTENCY_WINDOW + 2;
        fixture.given(history)
                .when(send("m-old", "ann", "c1"))
                .expectEvents(new MessageSent(CHAT, "m-old", next, "ann", "hello", "c1", T0, null, null));
        fixture.given(history)
                .when(send("m-new", "ann", "c" + (Chat.IDEMPOTENCY_WINDOW + 1)))
                .expectNoEvents();
    }

    @Test
    void strangersCanNeitherWriteNorStartAChatTheyAreNotIn() {
        fixture.given(STARTED)
                .when(send("m1", "eve", null))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.CHAT_NOT_FOUND, null));
        fixture.givenNoPriorActivity()
                .when(new SendMessage(CHAT, "m1", "eve", "hi", null, PAIR, T0, null, null))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.CHAT_NOT_FOUND, null));
        fixture.givenNoPriorActivity()
                .when(new SendMessage(CHAT, "m1", "ann", "hi", null, null, T0, null, null))
                .expectException(matchesCode(ErrorCode.CHAT_NOT_FOUND, null));
    }

    @Test
    void watermarksOnlyMoveForwardAndStopAtTheLastMessage() {
        fixture.given(STARTED, sent(1, "ann", null), sent(2, "ann", null), sent(3, "ann", null))
                .when(new MarkDelivered(CHAT, "ben", 2, T0))
                .expectEvents(new MessagesDelivered(CHAT, "ben", 2, T0))
                .expectResultMessagePayload(2L);
        fixture.given(STARTED, sent(1, "ann", null), sent(2, "ann", null), new MessagesDelivered(CHAT, "ben", 2, T0))
                .when(new MarkDelivered(CHAT, "ben", 1, T0))
                .expectNoEvents()
                .expectResultMessagePayload(2L);
        fixture.given(STARTED, sent(1, "ann", null), sent(2, "ann", null))
                .when(new MarkRead(CHAT, "ben", 99, T0))
                .expectEvents(new MessagesRead(CHAT, "ben", 2, T0))
                .expectResultMessagePayload(2L);
        fixture.given(STARTED, sent(1, "ann", null))
                .when(new MarkRead(CHAT, "eve", 1, T0))
                .expectException(matchesCode(ErrorCode.CHAT_NOT_FOUND, null));
    }

    @Test
    void readingImpliesDelivery() {
        fixture.given(STARTED, sent(1, "ann", null), sent(2, "ann", null), new MessagesRead(CHAT, "ben", 2, T0))
                .when(new MarkDelivered(CHAT, "ben", 2, T0))
                .expectNoEvents();
    }

    @Test
    void groupsHaveTheirCreatorAsAdminAndAtMost256Members() {
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(CHAT, "ann", "Team", List.of("ben", "cy"), T0))
                .expectEvents(new GroupCreated(CHAT, "Team", "ann", List.of("ann", "ben", "cy"), T0));
        List<String> tooMany = IntStream.range(0, Chat.MAX_MEMBERS).mapToObj(i -> "u" + i).toList();
        fixture.givenNoPriorActivity()
                .when(new CreateGroup(CHAT, "ann", "Crowd", tooMany, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.VALIDATION_FAILED, null));
    }

    @Test
    void adminsAddAndRemoveMembersAndAnyoneMayLeave() {
        GroupCreated team = new GroupCreated(CHAT, "Team", "ann", List.of("ann", "ben"), T0);
        fixture.given(team)
                .when(new AddMember(CHAT, "ann", "cy", T0))
                .expectEvents(new MemberAdded(CHAT, "cy", "ann", T0));
        fixture.given(team)
                .when(new AddMember(CHAT, "ben", "cy", T0))
                .expectException(matchesCode(ErrorCode.FORBIDDEN, null));
        fixture.given(team)
                .when(new RemoveMember(CHAT, "ben", "ann", T0))
                .expectException(matchesCode(ErrorCode.FORBIDDEN, null));
        fixture.given(team)
                .when(new RemoveMember(CHAT, "ben", "ben", T0))
                .expectEvents(new MemberRemoved(CHAT, "ben", "ben", T0));
        fixture.given(team, new MemberRemoved(CHAT, "ben", "ann", T0))
                .when(new SendMessage(CHAT, "m1", "ben", "still here?", null, null, T0, null, null))
                .expectException(matchesCode(ErrorCode.CHAT_NOT_FOUND, null));
        fixture.given(STARTED)
                .when(new AddMember(CHAT, "ann", "cy", T0))
                .expectException(matchesCode(ErrorCode.FORBIDDEN, null));
    }

    @Test
    void groupMessagesNeedNoDirectParticipants() {
        fixture.given(new GroupCreated(CHAT, "Team", "ann", List.of("ann", "ben", "cy"), T0))
                .when(new SendMessage(CHAT, "m1", "cy", "hi all", null, null, T0, null, null))
                .expectEvents(new MessageSent(CHAT, "m1", 1, "cy", "hi all", null, T0, null, null));
    }

    @Test
    void aMemberMutesTheChatForThemselvesUntilATimeOrUnmutesIt() {
        Instant until = T0.plusSeconds(3600);
        fixture.given(STARTED)
                .when(new MuteChat(CHAT, "ben", until, T0))
                .expectEvents(new ChatMuted(CHAT, "ben", until, T0));
        fixture.given(STARTED, new ChatMuted(CHAT, "ben", until, T0))
                .when(new MuteChat(CHAT, "ben", null, T0))
                .expectEvents(new ChatMuted(CHAT, "ben", null, T0));
        fixture.given(STARTED)
                .when(new MuteChat(CHAT, "eve", until, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.CHAT_NOT_FOUND, null));
    }
}
