package io.parley.projections.media;

import io.parley.api.media.MediaQueries.MediaView;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/** Media JSON from the {@code media} read model, for pushes that carry media (chat messages, {@code media:ready}). */
@Component
public class MediaViews {

    static final String COLLECTION = "media";

    private final MongoTemplate mongo;

    public MediaViews(MongoTemplate mongo) {
        this.mongo = mongo;
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
