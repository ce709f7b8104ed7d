package io.parley.command.user;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.api.user.UserCommands.RegisterUser;
import io.parley.api.user.UserView;
import io.parley.command.auth.IdentifierNormalizer;
import io.parley.command.support.ReadModel;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** What login needs to know of users: who owns an identifier (registering a first-timer) and their roles. */
@Service
public class UserAccounts {

    public record Login(UserView user, boolean isNew) {
    }

    private final IdentifierLookupRepository lookup;
    private final CommandGateway commands;
    private final ReadModel readModel;
    private final Clock clock;
    private final Set<String> admins;

    UserAccounts(IdentifierLookupRepository lookup, CommandGateway commands, ReadModel readModel, Clock clock,
                 AdminProperties adminProperties, IdentifierNormalizer normalizer) {
        this.lookup = lookup;
        this.commands = commands;
        this.readModel = readModel;
        this.clock = clock;
        this.admins = adminProperties.admins().stream()
                .map(admin -> normalizer.normalize(admin, null).value())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The user who owns the identifier, created on first login. Exactly one of phone and email is given. */
    public Login login(String phone, String email) {
        String identifier = phone != null ? phone : email;
        var existing = lookup.findById(identifier);
        if (existing.isPresent()) {
            return new Login(readModel.awaitUser(existing.get().userId(), Objects::nonNull), false);
        }
        try {
            String userId = register(phone, email);
            return new Login(readModel.awaitUser(userId, Objects::nonNull), true);
        } catch (ParleyException e) {
            if (e.errorCode() != ErrorCode.USER_EXISTS) {
                throw e;
            }
            // Another login of the same identifier registered it a moment ago.
            String userId = lookup.findById(identifier).orElseThrow(() -> e).userId();
            return new Login(readModel.awaitUser(userId, Objects::nonNull), false);
        }
    }

    String register(String phone, String email) {
        return commands.sendAndWait(new RegisterUser(UUID.randomUUID().toString(), phone, email, clock.instant()));
    }

    /** The roles to put in the user's tokens; empty when the user no longer exists. */
    public List<String> roles(String userId) {
        return lookup.findByUserId(userId)
                .map(entry -> admins.contains(entry.identifier()) ? List.of("user", "admin") : List.of("user"))
                .orElse(List.of());
    }
}
