package io.parley.app;

import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The "user profile changed" subscription query the socket gateway will use: snapshot, then every change. */
class UserSubscriptionTest extends ApiTest {

    @Autowired
    QueryGateway queries;

    @Test
    void subscribersGetTheCurrentProfileThenEachChange() {
        Api.Response login = login(uniqueEmail());
        String userId = login.json().path("user").path("id").asString();
        String token = login.text("token");

        try (SubscriptionQueryResult<UserView, UserView> subscription = queries.subscriptionQuery(
                new FindUser(userId), ResponseTypes.instanceOf(UserView.class), ResponseTypes.instanceOf(UserView.class))) {
            assertThat(subscription.initialResult().block(Duration.ofSeconds(5)).id()).isEqualTo(userId);

            api().patch("/api/users/me", token, json("{'name':'One'}"));
            api().patch("/api/users/me", token, json("{'name':'Two'}"));

            // Updates are whole states delivered when the projection's batch commits: one may repeat the snapshot's.
            var names = subscription.updates().filter(update -> update.name() != null).take(2)
                    .map(UserView::name).collectList().block(Duration.ofSeconds(10));
            assertThat(names).containsExactly("One", "Two");
        }
    }
}
