package io.parley.command.media;

import io.parley.api.ErrorCode;
import io.parley.api.TargetId;
import io.parley.api.media.MediaCommands.CompleteProcessing;
import io.parley.api.media.MediaCommands.DeleteMedia;
import io.parley.api.media.MediaCommands.FailProcessing;
import io.parley.api.media.MediaCommands.RegisterUpload;
import io.parley.api.media.MediaCommands.UseMedia;
import io.parley.api.media.MediaEvents.MediaDeleted;
import io.parley.api.media.MediaEvents.MediaFailed;
import io.parley.api.media.MediaEvents.MediaProcessed;
import io.parley.api.media.MediaEvents.MediaUploaded;
import io.parley.api.media.MediaEvents.MediaUsed;
import io.parley.api.media.MediaKind;
import io.parley.api.media.MediaUse;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.time.Instant;

import static io.parley.command.DomainErrorMatchers.matchesCode;

class MediaTest {

    private static final String ID = "media-1";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration ORPHAN_TTL = Duration.ofHours(24);
    private static final MediaUploaded IMAGE = new MediaUploaded(ID, "ann", MediaKind.IMAGE, "image/png", 100, "ab",
            "p.png", 10, 10, null, T0);
    private static final MediaUploaded FILE = new MediaUploaded(ID, "ann", MediaKind.FILE, "application/pdf", 100, "ab",
            "a.pdf", null, null, null, T0);
    private static final MediaProcessed READY = new MediaProcessed(ID, "ann", true, T0);

    private AggregateTestFixture<Media> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Media.class);
        fixture.registerCommandTargetResolver(
                AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build());
        fixture.registerInjectableResource(new MediaProperties(new MediaProperties.MaxSize(DataSize.ofMegabytes(16),
                DataSize.ofMegabytes(64), DataSize.ofMegabytes(16), DataSize.ofMegabytes(100)), DataSize.ofGigabytes(2), ORPHAN_TTL));
    }

    @Test
    void anUploadIsRecordedAndItsOrphanCheckScheduled() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUpload(ID, "ann", MediaKind.IMAGE, "image/png", 100, "ab", "p.png", 10, 10, null, T0))
                .expectEvents(IMAGE)
                .expectScheduledDeadlineWithName(ORPHAN_TTL, Media.ORPHAN_CHECK);
    }

    @Test
    void processingEndsOnceReadyOrFailedAndRepeatsChangeNothing() {
        fixture.given(IMAGE).when(new CompleteProcessing(ID, true, T0)).expectEvents(READY);
        fixture.given(IMAGE).when(new FailProcessing(ID, "corrupt", T0)).expectEvents(new MediaFailed(ID, "ann", "corrupt", T0));
        fixture.given(IMAGE, READY).when(new FailProcessing(ID, "late", T0)).expectNoEvents();
        fixture.given(IMAGE, READY).when(new CompleteProcessing(ID, true, T0)).expectNoEvents();
    }

    @Test
    void onlyTheOwnerUsesReadyMediaAndAnswersItsKind() {
        fixture.given(IMAGE, READY)
                .when(new UseMedia(ID, "ann", MediaUse.MESSAGE, "chat-1", T0))
                .expectEvents(new MediaUsed(ID, MediaUse.MESSAGE, "chat-1", T0))
                .expectResultMessagePayload(MediaKind.IMAGE);
        fixture.given(IMAGE, READY, new MediaUsed(ID, MediaUse.MESSAGE, "chat-1", T0))
                .when(new UseMedia(ID, "ann", MediaUse.MESSAGE, "chat-1", T0))
                .expectNoEvents()
                .expectResultMessagePayload(MediaKind.IMAGE);
        fixture.given(IMAGE, READY)
                .when(new UseMedia(ID, "eve", MediaUse.MESSAGE, "chat-1", T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.MEDIA_NOT_FOUND, null));
    }

    @Test
    void mediaStillProcessingOrFailedCannotBeSentButAnImageMayBecomeAnAvatarWhileProcessing() {
        fixture.given(IMAGE)
                .when(new UseMedia(ID, "ann", MediaUse.MESSAGE, "chat-1", T0))
                .expectException(matchesCode(ErrorCode.MEDIA_NOT_READY, null));
        fixture.given(IMAGE, new MediaFailed(ID, "ann", "corrupt", T0))
                .when(new UseMedia(ID, "ann", MediaUse.AVATAR, "ann", T0))
                .expectException(matchesCode(ErrorCode.MEDIA_NOT_READY, null));
        fixture.given(IMAGE)
                .when(new UseMedia(ID, "ann", MediaUse.AVATAR, "ann", T0))
                .expectEvents(new MediaUsed(ID, MediaUse.AVATAR, "ann", T0));
        fixture.given(FILE, new MediaProcessed(ID, "ann", false, T0))
                .when(new UseMedia(ID, "ann", MediaUse.AVATAR, "ann", T0))
                .expectException(matchesCode(ErrorCode.MEDIA_TYPE_NOT_ALLOWED, null));
    }

    @Test
    void aUseThatNeedsAKindTakesOnlyMediaOfThatKind() {
        fixture.given(IMAGE, READY)
                .when(new UseMedia(ID, "ann", MediaUse.STATUS, "status-1", MediaKind.VIDEO, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.MEDIA_TYPE_NOT_ALLOWED, null));
        fixture.given(IMAGE, READY)
                .when(new UseMedia(ID, "ann", MediaUse.STATUS, "status-1", MediaKind.IMAGE, T0))
                .expectEvents(new MediaUsed(ID, MediaUse.STATUS, "status-1", T0));
        fixture.given(IMAGE)
                .when(new UseMedia(ID, "ann", MediaUse.STATUS, "status-1", MediaKind.IMAGE, T0))
                .expectException(matchesCode(ErrorCode.MEDIA_NOT_READY, null));
    }

    @Test
    void onlyTheOwnerDeletesAndDeletedMediaTakesNoMoreCommands() {
        fixture.given(IMAGE, READY)
                .when(new DeleteMedia(ID, "eve", T0))
                .expectException(matchesCode(ErrorCode.MEDIA_NOT_FOUND, null));
        fixture.given(IMAGE, READY)
                .when(new DeleteMedia(ID, "ann", T0))
                .expectEvents(new MediaDeleted(ID, "ann", false, T0));
        fixture.given(IMAGE, new MediaDeleted(ID, "ann", false, T0))
                .when(new UseMedia(ID, "ann", MediaUse.MESSAGE, "chat-1", T0))
                .expectException(AggregateDeletedException.class);
    }

    @Test
    void anUploadNothingUsedIsDeletedWhenItsOrphanCheckIsDue() {
        fixture.givenCommands(new RegisterUpload(ID, "ann", MediaKind.IMAGE, "image/png", 100, "ab", "p.png", 10, 10, null, T0))
                .whenThenTimeElapses(ORPHAN_TTL)
                .expectTriggeredDeadlinesWithName(Media.ORPHAN_CHECK)
                .expectEvents(new MediaDeleted(ID, "ann", true, fixture.currentTime()));
    }

    @Test
    void anUploadUsedBeforeItsOrphanCheckStays() {
        fixture.givenCommands(new RegisterUpload(ID, "ann", MediaKind.IMAGE, "image/png", 100, "ab", "p.png", 10, 10, null, T0),
                        new CompleteProcessing(ID, true, T0),
                        new UseMedia(ID, "ann", MediaUse.AVATAR, "ann", T0))
                .whenThenTimeElapses(ORPHAN_TTL)
                .expectTriggeredDeadlinesWithName(Media.ORPHAN_CHECK)
                .expectNoEvents();
    }
}
