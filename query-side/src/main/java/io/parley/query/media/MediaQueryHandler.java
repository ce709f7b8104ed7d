package io.parley.query.media;

import io.parley.api.media.MediaQueries.FindMedia;
import io.parley.api.media.MediaQueries.FindMediaUsage;
import io.parley.api.media.MediaQueries.MediaView;
import io.parley.api.status.StatusQueries.MaySeeStatusMedia;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.stereotype.Component;

import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Reads of the {@code media} collection with API.md's access rule: the uploader, the members of a chat with a message
 * that carries it, the audience of a live status that shows it, and (for an avatar) every signed-in user; nobody else
 * learns that it exists.
 */
@Component
class MediaQueryHandler {

    static final String COLLECTION = "media";
    /** An avatar is its owner's: their document there names it by its URL, which the media document also holds. */
    private static final String USERS = "users";

    private final MongoTemplate mongo;
    private final QueryGateway queries;

    MediaQueryHandler(MongoTemplate mongo, QueryGateway queries) {
        this.mongo = mongo;
        this.queries = queries;
    }

    @QueryHandler
    MediaView handle(FindMedia query) {
        Document media = mongo.findById(query.mediaId(), Document.class, COLLECTION);
        if (media == null || !maySee(media, query.userId())) {
            return null;
        }
        return mongo.getConverter().read(MediaView.class, media);
    }

    @QueryHandler
    Long handle(FindMediaUsage query) {
        Document total = mongo.aggregate(Aggregation.newAggregation(
                Aggregation.match(where("ownerId").is(query.userId())),
                Aggregation.group("ownerId").sum("size").as("total")), COLLECTION, Document.class).getUniqueMappedResult();
        return total == null ? 0L : ((Number) total.get("total")).longValue();
    }

    @SuppressWarnings("unchecked")
    private boolean maySee(Document media, String userId) {
        String ownerId = media.getString("ownerId");
        if (userId.equals(ownerId)) {
            return true;
        }
        Document owner = mongo.findById(ownerId, Document.class, USERS);
        if (owner != null && media.getString("url").equals(owner.getString("avatarUrl"))) {
            return true;
        }
        List<String> chats = (List<String>) media.get("chats", List.class);
        return chats != null && !chats.isEmpty() && mongo.exists(query(where("_id").in(chats).and("participants").is(userId)), "chats")
                || queries.query(new MaySeeStatusMedia(media.getString("_id"), userId), ResponseTypes.instanceOf(Boolean.class)).join();
    }
}
