package io.parley.command.user;

import io.parley.api.ErrorCode;
import io.parley.api.user.UserCommands.DeleteUser;
import io.parley.api.user.UserCommands.RegisterUser;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Registration and deletion: the identifier look-up row is written in the command's own transaction, so its
 * unique key rejects a second user for one identifier even when two registrations race.
 */
@Component
class UserCommandHandler {

    private final Repository<User> users;
    private final IdentifierLookupRepository lookup;

    UserCommandHandler(Repository<User> users, IdentifierLookupRepository lookup) {
        this.users = users;
        this.lookup = lookup;
    }

    @CommandHandler
    String handle(RegisterUser command) throws Exception {
        String identifier = command.phone() != null ? command.phone() : command.email();
        if (lookup.existsById(identifier)) {
            throw userExists();
        }
        try {
            lookup.saveAndFlush(new IdentifierLookup(identifier, command.userId()));
        } catch (DataIntegrityViolationException race) {
            throw userExists();
        }
        users.newInstance(() -> new User(command));
        return command.userId();
    }

    @CommandHandler
    void handle(DeleteUser command) {
        users.load(command.userId()).execute(user -> user.delete(command));
        lookup.findByUserId(command.userId()).ifPresent(lookup::delete);
    }

    private static RuntimeException userExists() {
        return ErrorCode.USER_EXISTS.exception("A user with this identifier exists.");
    }
}
