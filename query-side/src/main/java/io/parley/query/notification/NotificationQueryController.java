package io.parley.query.notification;

import io.parley.api.notification.NotificationQueries.FindNotifications;
import io.parley.api.notification.NotificationQueries.NotificationPage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Instant;

/** API.md "Notifications and devices": the inbox, newest first. */
@RestController
@Validated
class NotificationQueryController {

    private final QueryGateway queries;

    NotificationQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    /** {@code before}: the {@code createdAt} of the last notification of the previous page. */
    @GetMapping("/api/notifications")
    NotificationPage inbox(Principal principal, @RequestParam(defaultValue = "false") boolean unreadOnly,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant before,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return queries.query(new FindNotifications(principal.getName(), unreadOnly, before, limit),
                ResponseTypes.instanceOf(NotificationPage.class)).join();
    }
}
