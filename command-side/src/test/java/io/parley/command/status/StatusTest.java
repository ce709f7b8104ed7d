package io.parley.command.status;

import io.parley.api.ErrorCode;
import io.parley.api.TargetId;
import io.parley.api.status.AudienceMode;
import io.parley.api.status.StatusCommands.DeleteStatus;
import io.parley.api.status.StatusCommands.PostStatus;
import io.parley.api.status.StatusCommands.ViewStatus;
import io.parley.api.status.StatusEvents.StatusDeleted;
import io.parley.api.status.StatusEvents.StatusExpired;
import io.parley.api.status.StatusEvents.StatusPosted;
import io.parley.api.status.StatusEvents.StatusViewed;
import io.parley.api.status.StatusType;
import io.parley.command.connection.ConnectedUsers;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.parley.command.DomainErrorMatchers.matchesCode;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class StatusTest {

    private static final String ID = "status-1";
    private static final Duration TTL = Duration.ofHours(24);

    private AggregateTestFixture<Status> fixture;
    private ConnectedUsers connections;
    private Instant now;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Status.class);
        fixture.registerCommandTargetResolver(
                AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build());
        connections = mock(ConnectedUsers.class);
        when(connections.accepted("ann", "ben")).thenReturn(true);
        when(connections.accepted("ann", "cy")).thenReturn(true);
        fixture.registerInjectableResource(connections);
        fixture.registerInjectableResource(new StatusRules(connections));
        fixture.registerInjectableResource(new StatusProperties(TTL));
        now = fixture.currentTime();
    }

    private PostStatus text(AudienceMode mode, List<String> listed) {
        return new PostStatus(ID, "ann", StatusType.TEXT, "Hello", "#1E88E5", null, null, mode, listed, now);
    }

    private StatusPosted posted(AudienceMode mode, List<String> listed) {
        return new StatusPosted(ID, "ann", StatusType.TEXT, "Hello", "#1E88E5", null, null, mode, listed, now, now.plus(TTL));
    }

    @Test
    void aStatusIsPostedForTheTtlWithItsExpiryScheduled() {
        fixture.givenNoPriorActivity()
                .when(text(AudienceMode.CONNECTIONS, List.of()))
                .expectEvents(posted(AudienceMode.CONNECTIONS, List.of()))
                .expectScheduledDeadlineWithName(now.plus(TTL), Status.EXPIRY);
        fixture.givenNoPriorActivity()
                .when(new PostStatus(ID, "ann", StatusType.VIDEO, null, null, "media-1", "Look", AudienceMode.ONLY, List.of("ben"), now))
                .expectEvents(new StatusPosted(ID, "ann", StatusType.VIDEO, null, null, "media-1", "Look", AudienceMode.ONLY,
                        List.of("ben"), now, now.plus(TTL)));
    }

    @Test
    void aStatusExpiresByItsDeadline() {
        fixture.givenCommands(text(AudienceMode.CONNECTIONS, List.of()))
                .whenThenTimeElapses(TTL)
                .expectTriggeredDeadlinesWithName(Status.EXPIRY)
                .expectEvents(new StatusExpired(ID, "ann", now.plus(TTL)));
    }

    @Test
    void textsAreOneTo700CharactersOnAColourAndMediaStatusesHaveMediaAndACaption() {
        invalid(new PostStatus(ID, "ann", StatusType.TEXT, null, null, null, null, AudienceMode.CONNECTIONS, List.of(), now), "text");
        invalid(new PostStatus(ID, "ann", StatusType.TEXT, " ", null, null, null, AudienceMode.CONNECTIONS, List.of(), now), "text");
        invalid(new PostStatus(ID, "ann", StatusType.TEXT, "x".repeat(701), null, null, null, AudienceMode.CONNECTIONS, List.of(), now), "text");
        invalid(new PostStatus(ID, "ann", StatusType.TEXT, "Hi", "blue", null, null, AudienceMode.CONNECTIONS, List.of(), now), "backgroundColor");
        invalid(new PostStatus(ID, "ann", StatusType.TEXT, "Hi", "#12345G", null, null, AudienceMode.CONNECTIONS, List.of(), now), "backgroundColor");
        invalid(new PostStatus(ID, "ann", StatusType.TEXT, "Hi", null, "media-1", null, AudienceMode.CONNECTIONS, List.of(), now), "mediaId");
        invalid(new PostStatus(ID, "ann", StatusType.IMAGE, null, null, null, "Look", AudienceMode.CONNECTIONS, List.of(), now), "mediaId");
        invalid(new PostStatus(ID, "ann", StatusType.IMAGE, "Hi", null, "media-1", null, AudienceMode.CONNECTIONS, List.of(), now), "text");
        invalid(new PostStatus(ID, "ann", StatusType.IMAGE, null, null, "media-1", "x".repeat(701), AudienceMode.CONNECTIONS, List.of(), now), "caption");
        fixture.givenNoPriorActivity()
                .when(new PostStatus(ID, "ann", StatusType.TEXT, "x".repeat(700), null, null, null, AudienceMode.CONNECTIONS, List.of(), now))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aListedAudienceIsSomeOfTheOwnersAcceptedConnections() {
        invalid(text(AudienceMode.ONLY, List.of()), "audience.userIds");
        invalid(text(AudienceMode.CONNECTIONS, List.of("ben")), "audience.userIds");
        invalid(text(AudienceMode.EXCEPT, List.of("eve")), "audience.userIds");
        invalid(text(AudienceMode.ONLY, List.of("ann")), "audience.userIds");
        fixture.givenNoPriorActivity().when(text(AudienceMode.EXCEPT, List.of("ben", "cy"))).expectSuccessfulHandlerExecution();
    }

    @Test
    void theAudienceViewsOnceAndTheOwnersViewsAreNotCounted() {
        fixture.given(posted(AudienceMode.CONNECTIONS, List.of()))
                .when(new ViewStatus(ID, "ben", now))
                .expectEvents(new StatusViewed(ID, "ann", "ben", now));
        fixture.given(posted(AudienceMode.CONNECTIONS, List.of()), new StatusViewed(ID, "ann", "ben", now))
                .when(new ViewStatus(ID, "ben", now.plusSeconds(5)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(posted(AudienceMode.CONNECTIONS, List.of()))
                .when(new ViewStatus(ID, "ann", now))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void outsideTheAudienceAStatusDoesNotExist() {
        notFound(posted(AudienceMode.CONNECTIONS, List.of()), new ViewStatus(ID, "eve", now));
        notFound(posted(AudienceMode.ONLY, List.of("cy")), new ViewStatus(ID, "ben", now));
        notFound(posted(AudienceMode.EXCEPT, List.of("ben")), new ViewStatus(ID, "ben", now));
        fixture.given(posted(AudienceMode.ONLY, List.of("ben"))).when(new ViewStatus(ID, "ben", now))
                .expectEvents(new StatusViewed(ID, "ann", "ben", now));
        fixture.given(posted(AudienceMode.EXCEPT, List.of("ben"))).when(new ViewStatus(ID, "cy", now))
                .expectEvents(new StatusViewed(ID, "ann", "cy", now));
    }

    @Test
    void aConnectionRemovedAfterThePostNoLongerSeesIt() {
        when(connections.accepted("ann", "ben")).thenReturn(false);
        notFound(posted(AudienceMode.ONLY, List.of("ben")), new ViewStatus(ID, "ben", now));
    }

    @Test
    void anExpiredOrDeletedStatusIsGoneAlsoBeforeItsDeadlineRan() {
        notFound(posted(AudienceMode.CONNECTIONS, List.of()), new ViewStatus(ID, "ben", now.plus(TTL)));
        StatusExpired expired = new StatusExpired(ID, "ann", now.plus(TTL));
        fixture.given(posted(AudienceMode.CONNECTIONS, List.of()), expired).when(new ViewStatus(ID, "ben", now))
                .expectException(matchesCode(ErrorCode.STATUS_NOT_FOUND, null));
        fixture.given(posted(AudienceMode.CONNECTIONS, List.of()), expired).when(new DeleteStatus(ID, "ann", now))
                .expectException(matchesCode(ErrorCode.STATUS_NOT_FOUND, null));
        fixture.given(posted(AudienceMode.CONNECTIONS, List.of()), new StatusDeleted(ID, "ann", now)).when(new ViewStatus(ID, "ben", now))
                .expectException(matchesCode(ErrorCode.STATUS_NOT_FOUND, null));
    }

    @Test
    void onlyTheOwnerDeletesAndTheExpiryIsCancelled() {
        notFound(posted(AudienceMode.CONNECTIONS, List.of()), new DeleteStatus(ID, "ben", now));
        fixture.givenCommands(text(AudienceMode.CONNECTIONS, List.of()))
                .when(new DeleteStatus(ID, "ann", now))
                .expectEvents(new StatusDeleted(ID, "ann", now))
                .expectNoScheduledDeadlines();
    }

    private void invalid(PostStatus command, String field) {
        fixture.givenNoPriorActivity().when(command)
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.VALIDATION_FAILED, null))
                .expectExceptionMessage(startsWith(field + " "));
    }

    private void notFound(StatusPosted given, Object command) {
        fixture.given(given).when(command).expectNoEvents().expectException(matchesCode(ErrorCode.STATUS_NOT_FOUND, null));
    }
}
