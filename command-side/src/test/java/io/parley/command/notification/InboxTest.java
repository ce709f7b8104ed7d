package io.parley.command.notification;

import io.parley.api.TargetId;
import io.parley.api.notification.NotificationCommands.MarkAllNotificationsRead;
import io.parley.api.notification.NotificationCommands.MarkNotificationsRead;
import io.parley.api.notification.NotificationEvents.AllNotificationsRead;
import io.parley.api.notification.NotificationEvents.NotificationsRead;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.parley.api.notification.NotificationCommands.inboxOf;

class InboxTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private AggregateTestFixture<Inbox> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Inbox.class);
        fixture.registerCommandTargetResolver(
                AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build());
    }

    @Test
    void theFirstReadMakesTheInboxAndEachIdIsReadOnce() {
        fixture.givenNoPriorActivity()
                .when(new MarkNotificationsRead(inboxOf("ann"), "ann", List.of("n1", "n2", "n1"), T0))
                .expectEvents(new NotificationsRead("ann", List.of("n1", "n2"), T0));
    }

    @Test
    void readingAllIsRecordedWithItsTimeOnAnInboxOldOrNew() {
        fixture.givenNoPriorActivity()
                .when(new MarkAllNotificationsRead(inboxOf("ann"), "ann", T0))
                .expectEvents(new AllNotificationsRead("ann", T0));
        fixture.given(new NotificationsRead("ann", List.of("n1"), T0))
                .when(new MarkAllNotificationsRead(inboxOf("ann"), "ann", T0.plusSeconds(5)))
                .expectEvents(new AllNotificationsRead("ann", T0.plusSeconds(5)));
    }
}
