package io.parley.query.user;

import io.parley.api.ErrorCode;
import io.parley.api.connection.ConnectionQueries.FindConnectionBetween;
import io.parley.api.connection.ConnectionView;
import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserQueries.FindUsers;
import io.parley.api.user.UserQueries.UserPage;
import io.parley.api.user.UserView;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;

/** API.md "Users" reads: one's own user, others' public view, and the admin's paged list. */
@RestController
@RequestMapping("/api/users")
@Validated
class UserQueryController {

    private final QueryGateway queries;

    UserQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/me")
    UserView me(Principal principal) {
        return find(principal.getName());
    }

    /** Self sees the whole user; an accepted connection the public view with phone and email; others the public view. */
    @GetMapping("/{userId}")
    Object user(@PathVariable String userId, Principal principal) {
        UserView user = find(userId);
        if (user.id().equals(principal.getName())) {
            return user;
        }
        ConnectionView connection = queries.query(new FindConnectionBetween(principal.getName(), userId),
                ResponseTypes.instanceOf(ConnectionView.class)).join();
        return connection != null && connection.accepted() ? user.connectedView() : user.publicView();
    }

    @GetMapping
    UserPage list(@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                  @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return queries.query(new FindUsers(page, size), ResponseTypes.instanceOf(UserPage.class)).join();
    }

    private UserView find(String userId) {
        UserView user = queries.query(new FindUser(userId), ResponseTypes.instanceOf(UserView.class)).join();
        if (user == null) {
            throw ErrorCode.USER_NOT_FOUND.exception("No such user.");
        }
        return user;
    }
}
