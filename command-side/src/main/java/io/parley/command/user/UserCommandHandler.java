package io.parley.command.user;

import io.parley.api.ErrorCode;
import io.parley.api.PersonalData.DataKey;
import io.parley.api.user.UserEvents.ErasedKey;
import io.parley.command.erasure.DataKeys;
import io.parley.api.user.UserCommands.DeleteUser;
import io.parley.api.user.UserCommands.RegisterUser;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Registration and deletion: the identifier look-up row is written in the command's own transaction, so its
 * unique key rejects a second user for one identifier even when two registrations race.
 */
@Component
class UserCommandHandler {

    private final Repository<User> users;
    private final IdentifierLookupRepository lookup;
    private final DataKeys keys;

    UserCommandHandler(Repository<User> users, IdentifierLookupRepository lookup, DataKeys keys) {
        this.users = users;
        this.lookup = lookup;
        this.keys = keys;
    }

    @CommandHandler
    String handle(RegisterUser command) throws Exception {
        String identifier = command.phone() != null ? command.phone() : command.email();
        if (lookup.existsById(identifier)) {
            throw userExists();
        }
        try {
            lookup.insert(new IdentifierLookup(identifier, command.userId()));
        } catch (DataIntegrityViolationException race) {
            throw userExists();
        }
        users.newInstance(() -> new User(command));
        return command.userId();
    }

    /**
     * Deletion destroys the user's profile key (and on request their message key) in the same transaction, which
     * erases their personal data from every event (API.md "Erasure").
     */
    @CommandHandler
    void handle(DeleteUser command) {
        Aggregate<User> user = users.load(command.userId());
        Set<DataKey> erase = command.eraseMessages() ? EnumSet.allOf(DataKey.class) : EnumSet.of(DataKey.PROFILE);
        List<ErasedKey> erased = keys.erase(command.userId(), erase);
        user.execute(u -> u.delete(command, erased));
        lookup.deleteByUserId(command.userId());
    }

    private static RuntimeException userExists() {
        return ErrorCode.USER_EXISTS.exception("A user with this identifier exists.");
    }
}
