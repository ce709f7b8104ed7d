package io.parley.projections.media;

import io.parley.api.PersonalData;
import io.parley.api.PersonalData.DataKey;
import io.parley.api.chat.ChatEvents.MessageSent;
import io.parley.api.media.MediaEvents.MediaDeleted;
import io.parley.api.media.MediaEvents.MediaFailed;
import io.parley.api.media.MediaEvents.MediaProcessed;
import io.parley.api.media.MediaEvents.MediaUploaded;
import io.parley.api.user.UserEvents.PersonalDataErased;
import io.parley.projections.push.SocketPush;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The {@code media} read model: one document per media that is not deleted, in the shape of API.md's media JSON,
 * plus the chats with a message that carries it ({@code chats}), whose members may see it. Whether it is someone's
 * avatar is the {@code users} read model's to say, so that the avatar endpoints' answer (which waits for that model)
 * is also when the media's visibility changes. The uploader's sockets get {@code media:ready} (or {@code media:failed}).
 */
@Component
@ProcessingGroup(MediaProjection.GROUP)
class MediaProjection {

    static final String GROUP = "media";

    private final MongoTemplate mongo;
    private final SocketPush push;
    private final MediaViews views;

    MediaProjection(MongoTemplate mongo, SocketPush push, MediaViews views) {
        this.mongo = mongo;
        this.push = push;
        this.views = views;
        mongo.indexOps(MediaViews.COLLECTION).createIndex(new Index().on("ownerId", Sort.Direction.ASC));
    }

    @EventHandler
    void on(MediaUploaded event) {
        mongo.save(new Document("_id", event.mediaId())
                .append("mediaId", event.mediaId())
                .append("ownerId", event.ownerId())
                .append("kind", event.kind().json())
                .append("contentType", event.contentType())
                .append("size", event.size())
                .append("sha256", event.sha256())
                .append("fileName", event.fileName())
                .append("width", event.width())
                .append("height", event.height())
                .append("durationSeconds", event.durationSeconds())
                .append("state", "processing")
                .append("url", "/api/media/" + event.mediaId())
                .append("thumbnailUrl", null)
                .append("createdAt", Date.from(event.at()))
                .append("chats", List.of()), MediaViews.COLLECTION);
    }

    @EventHandler
    void on(MediaProcessed event, EventMessage<?> message) {
        mongo.updateFirst(query(where("_id").is(event.mediaId())), new Update().set("state", "ready")
                .set("thumbnailUrl", event.thumbnail() ? "/api/media/" + event.mediaId() + "/thumbnail" : null), MediaViews.COLLECTION);
        tellOwner(message, event.mediaId(), event.ownerId(), "media:ready");
    }

    @EventHandler
    void on(MediaFailed event, EventMessage<?> message) {
        mongo.updateFirst(query(where("_id").is(event.mediaId())), new Update().set("state", "failed"), MediaViews.COLLECTION);
        tellOwner(message, event.mediaId(), event.ownerId(), "media:failed");
    }

    /** A chat's members may see media that a message of the chat carries (see {@link MediaViews#shownIn}). */
    @EventHandler
    void on(MessageSent event) {
        if (event.mediaId() != null) {
            views.shownIn(event.chatId(), event.mediaId());
        }
    }

    /** A file name is its uploader's profile data: erased with it, here as in the events. */
    @EventHandler
    void on(PersonalDataErased event) {
        if (event.erased(DataKey.PROFILE)) {
            mongo.updateMulti(query(where("ownerId").is(event.userId())), new Update().set("fileName", PersonalData.ERASED),
                    MediaViews.COLLECTION);
        }
    }

    @EventHandler
    void on(MediaDeleted event) {
        mongo.remove(query(where("_id").is(event.mediaId())), MediaViews.COLLECTION);
    }

    @ResetHandler
    void reset() {
        mongo.remove(new Query(), MediaViews.COLLECTION);
    }

    private void tellOwner(EventMessage<?> cause, String mediaId, String ownerId, String type) {
        push.push(cause, ownerId, type, () -> views.of(List.of(mediaId)).get(mediaId));
    }
}
