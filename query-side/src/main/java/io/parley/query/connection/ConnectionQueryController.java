package io.parley.query.connection;

import io.parley.api.connection.ConnectionQueries.ConnectionList;
import io.parley.api.connection.ConnectionQueries.FindConnections;
import io.parley.api.connection.ConnectionView;
import jakarta.validation.constraints.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;

@RestController
@Validated
class ConnectionQueryController {

    private final QueryGateway queries;

    ConnectionQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/connections")
    List<ConnectionView> list(Principal principal,
                              @RequestParam(required = false)
                              @Pattern(regexp = "pending|accepted|declined|removed",
                                      message = "must be one of pending, accepted, declined, removed") String status) {
        return queries.query(new FindConnections(principal.getName(), status),
                ResponseTypes.instanceOf(ConnectionList.class)).join().connections();
    }
}
