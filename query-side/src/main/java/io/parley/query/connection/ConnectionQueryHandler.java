package io.parley.query.connection;

import io.parley.api.connection.ConnectionQueries.FindConnection;
import io.parley.api.connection.ConnectionQueries.FindConnectionBetween;
import io.parley.api.connection.ConnectionQueries.ConnectionList;
import io.parley.api.connection.ConnectionQueries.FindConnections;
import io.parley.api.connection.ConnectionView;
import io.parley.api.user.PublicUserView;
import io.parley.api.user.UserView;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Reads of the {@code connections} collection, joined with the other user's current profile. */
@Component
class ConnectionQueryHandler {

    private static final String CONNECTIONS = "connections";
    private static final String USERS = "users";

    private final MongoTemplate mongo;

    ConnectionQueryHandler(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @QueryHandler
    ConnectionList handle(FindConnections query) {
        Query find = query(where("userId").is(query.userId()));
        if (query.status() != null) {
            find.addCriteria(where("status").is(query.status()));
        }
        find.with(Sort.by(Sort.Order.desc("updatedAt"), Sort.Order.asc("_id")));
        return new ConnectionList(views(mongo.find(find, Document.class, CONNECTIONS)));
    }

    @QueryHandler
    ConnectionView handle(FindConnection query) {
        Document connection = mongo.findById(query.connectionId() + ":" + query.userId(), Document.class, CONNECTIONS);
        return connection == null ? null : views(List.of(connection)).get(0);
    }

    @QueryHandler
    ConnectionView handle(FindConnectionBetween query) {
        Document live = mongo.findOne(query(where("userId").is(query.userId()).and("otherUserId").is(query.otherUserId())
                .and("status").in("pending", "accepted")), Document.class, CONNECTIONS);
        return live == null ? null : views(List.of(live)).get(0);
    }

    private List<ConnectionView> views(List<Document> connections) {
        List<String> others = connections.stream().map(c -> c.getString("otherUserId")).distinct().toList();
        Map<String, UserView> users = mongo.find(query(where("_id").in(others)), UserView.class, USERS).stream()
                .collect(Collectors.toMap(UserView::id, Function.identity()));
        return connections.stream().map(c -> view(c, users.get(c.getString("otherUserId")))).toList();
    }

    private static ConnectionView view(Document connection, UserView other) {
        String status = connection.getString("status");
        PublicUserView user = other == null ? PublicUserView.idOnly(connection.getString("otherUserId"))
                : "accepted".equals(status) ? other.connectedView() : other.publicView();
        return new ConnectionView(connection.getString("connectionId"), status, connection.getString("direction"), user,
                connection.get("createdAt", Date.class).toInstant(), connection.get("updatedAt", Date.class).toInstant());
    }
}
