package io.parley.command.user;

import io.parley.api.ErrorCode;
import io.parley.api.PersonalData.DataKey;
import io.parley.api.TargetId;
import io.parley.api.user.Gender;
import io.parley.api.user.UserCommands.DeleteUser;
import io.parley.api.user.UserCommands.RegisterUser;
import io.parley.api.user.UserCommands.UpdateProfile;
import io.parley.api.user.UserEvents.ErasedKey;
import io.parley.api.user.UserEvents.PersonalDataErased;
import io.parley.api.user.UserEvents.ProfileUpdated;
import io.parley.api.user.UserEvents.UserDeleted;
import io.parley.api.user.UserEvents.UserRegistered;
import io.parley.command.erasure.DataKeys;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import static io.parley.command.DomainErrorMatchers.matchesCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class UserTest {

    private static final String ID = "user-1";
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final UserRegistered REGISTERED = new UserRegistered(ID, null, "a@example.com", T0);

    private AggregateTestFixture<User> fixture;
    private IdentifierLookupRepository lookup;
    private DataKeys keys;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(User.class);
        fixture.registerCommandTargetResolver(
                AnnotationCommandTargetResolver.builder().targetAggregateIdentifierAnnotation(TargetId.class).build());
        lookup = mock(IdentifierLookupRepository.class);
        keys = mock(DataKeys.class);
        fixture.registerAnnotatedCommandHandler(new UserCommandHandler(fixture.getRepository(), lookup, keys));
    }

    @Test
    void registeringAFreeIdentifierCreatesTheUserAndClaimsTheIdentifier() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ID, null, "a@example.com", T0))
                .expectEvents(REGISTERED)
                .expectResultMessagePayload(ID);
        verify(lookup).insert(new IdentifierLookup("a@example.com", ID));
    }

    @Test
    void anIdentifierThatIsTakenIsRefused() {
        when(lookup.existsById("a@example.com")).thenReturn(true);
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ID, null, "a@example.com", T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.USER_EXISTS, null));
    }

    @Test
    void aRegistrationThatLosesTheRaceOnTheUniqueKeyIsRefused() {
        doThrow(new DataIntegrityViolationException("duplicate key")).when(lookup).insert(any());
        fixture.givenNoPriorActivity()
                .when(new RegisterUser(ID, "+14155550100", null, T0))
                .expectNoEvents()
                .expectException(matchesCode(ErrorCode.USER_EXISTS, null));
    }

    @Test
    void aProfileUpdateRecordsTheWholeNewProfile() {
        fixture.given(REGISTERED, new ProfileUpdated(ID, "Ann", "hello", null, T0))
                .when(new UpdateProfile(ID, null, null, Gender.FEMALE, T0.plusSeconds(1)))
                .expectEvents(new ProfileUpdated(ID, "Ann", "hello", Gender.FEMALE, T0.plusSeconds(1)))
                .expectResultMessagePayload(true);
    }

    @Test
    void anUpdateThatChangesNothingRecordsNothing() {
        fixture.given(REGISTERED, new ProfileUpdated(ID, "Ann", null, Gender.OTHER, T0))
                .when(new UpdateProfile(ID, " Ann ", null, Gender.OTHER, T0.plusSeconds(1)))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void anEmptyNameOrBioClearsIt() {
        fixture.given(REGISTERED, new ProfileUpdated(ID, "Ann", "bio", null, T0))
                .when(new UpdateProfile(ID, "", "  ", null, T0.plusSeconds(1)))
                .expectEvents(new ProfileUpdated(ID, null, null, null, T0.plusSeconds(1)));
    }

    @Test
    void deletionIsRecordedReleasesTheIdentifierAndErasesTheProfile() {
        List<ErasedKey> erased = List.of(new ErasedKey(DataKey.PROFILE, "key-1"));
        when(keys.erase(ID, EnumSet.of(DataKey.PROFILE))).thenReturn(erased);
        fixture.given(REGISTERED)
                .when(new DeleteUser(ID, ID, false, T0.plusSeconds(1)))
                .expectEvents(new UserDeleted(ID, T0.plusSeconds(1)),
                        new PersonalDataErased(ID, ID, erased, T0.plusSeconds(1)));
        verify(lookup).deleteByUserId(ID);
    }

    @Test
    void deletionWithEraseMessagesAlsoErasesTheMessageKeyAndSaysWhoErased() {
        List<ErasedKey> erased = List.of(new ErasedKey(DataKey.PROFILE, "key-1"), new ErasedKey(DataKey.MESSAGES, "key-2"));
        when(keys.erase(ID, EnumSet.allOf(DataKey.class))).thenReturn(erased);
        fixture.given(REGISTERED)
                .when(new DeleteUser(ID, "admin-1", true, T0.plusSeconds(1)))
                .expectEvents(new UserDeleted(ID, T0.plusSeconds(1)),
                        new PersonalDataErased(ID, "admin-1", erased, T0.plusSeconds(1)));
    }

    @Test
    void aDeletedUserCannotBeDeletedAgainAndNoKeyIsTouched() {
        fixture.given(REGISTERED, new UserDeleted(ID, T0))
                .when(new DeleteUser(ID, ID, true, T0.plusSeconds(1)))
                .expectNoEvents()
                .expectException(AggregateDeletedException.class);
        verifyNoInteractions(keys);
    }

    @Test
    void aDeletedUserTakesNoMoreCommands() {
        fixture.given(REGISTERED, new UserDeleted(ID, T0))
                .when(new UpdateProfile(ID, "Zed", null, null, T0.plusSeconds(1)))
                .expectNoEvents()
                .expectException(AggregateDeletedException.class);
    }
}
