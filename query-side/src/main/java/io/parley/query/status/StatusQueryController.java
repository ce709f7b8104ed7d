package io.parley.query.status;

import io.parley.api.ErrorCode;
import io.parley.api.status.StatusQueries.FeedEntry;
import io.parley.api.status.StatusQueries.FindMyStatuses;
import io.parley.api.status.StatusQueries.FindStatusFeed;
import io.parley.api.status.StatusQueries.FindStatusViews;
import io.parley.api.status.StatusQueries.MyStatuses;
import io.parley.api.status.StatusQueries.StatusFeed;
import io.parley.api.status.StatusQueries.StatusView;
import io.parley.api.status.StatusQueries.StatusViewer;
import io.parley.api.status.StatusQueries.StatusViews;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

/** API.md "Status stories" reads: the feed, one's own statuses, and who viewed one of them. */
@RestController
class StatusQueryController {

    private final QueryGateway queries;

    StatusQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/status/feed")
    List<FeedEntry> feed(Principal principal) {
        return queries.query(new FindStatusFeed(principal.getName()), ResponseTypes.instanceOf(StatusFeed.class)).join().entries();
    }

    @GetMapping("/api/status/mine")
    List<StatusView> mine(Principal principal) {
        return queries.query(new FindMyStatuses(principal.getName()), ResponseTypes.instanceOf(MyStatuses.class)).join().statuses();
    }

    /** Anyone but the owner, and a status no longer live, get 404. */
    @GetMapping("/api/status/{statusId}/views")
    List<StatusViewer> views(Principal principal, @PathVariable String statusId) {
        StatusViews views = queries.query(new FindStatusViews(statusId, principal.getName()),
                ResponseTypes.instanceOf(StatusViews.class)).join();
        if (views == null) {
            throw ErrorCode.STATUS_NOT_FOUND.exception("No such status.");
        }
        return views.views();
    }
}
