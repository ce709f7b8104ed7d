package io.parley.projections.media;

import io.parley.api.media.MediaQueries.MediaView;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Media JSON from the {@code media} read model, for pushes that carry media (chat messages, {@code media:ready}), and
 * the chats whose members may see a media.
 */
@Component
public class MediaViews {

    static final String COLLECTION = "media";

    private final MongoTemplate mongo;

    public MediaViews(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * The chat's members may see the media: called by the {@code chats} projection before it pushes the message that
     * carries it, so that a member who fetches it on the push finds it visible. The {@code media} projection records
     * the same from the same event (a set: whichever comes first adds it), and by itself again in its replays.
     */
    public void shownIn(String chatId, String mediaId) {
        mongo.updateFirst(query(where("_id").is(mediaId)), new Update().addToSet("chats", chatId), COLLECTION);
    }

    /** The views of those media that exist (a deleted one is absent), by id. */
    public Map<String, MediaView> of(Collection<String> mediaIds) {
        Map<String, MediaView> views = new HashMap<>();
        if (!mediaIds.isEmpty()) {
            mongo.find(query(where("_id").in(mediaIds)), Document.class, COLLECTION)
                    .forEach(document -> views.put(document.getString("_id"), mongo.getConverter().read(MediaView.class, document)));
        }
        return views;
    }
}
