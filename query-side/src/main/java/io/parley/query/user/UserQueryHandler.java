package io.parley.query.user;

import io.parley.api.user.UserQueries.FindUser;
import io.parley.api.user.UserQueries.FindUsers;
import io.parley.api.user.UserQueries.UserPage;
import io.parley.api.user.UserView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** Reads of the {@code users} collection the user projection keeps. */
@Component
class UserQueryHandler {

    static final String COLLECTION = "users";

    private final MongoTemplate mongo;

    UserQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    UserView handle(FindUser query) {
        return mongo.findById(query.userId(), UserView.class, COLLECTION);
    }

    @QueryHandler
    UserPage handle(FindUsers query) {
        Query page = new Query()
                .with(Sort.by(Sort.Order.asc("createdAt"), Sort.Order.asc("_id")))
                .skip((long) query.page() * query.size())
                .limit(query.size());
        return new UserPage(mongo.find(page, UserView.class, COLLECTION), query.page(), query.size(),
                mongo.count(new Query(), COLLECTION));
    }
}
