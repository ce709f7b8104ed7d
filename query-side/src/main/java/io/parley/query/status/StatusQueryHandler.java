package io.parley.query.status;

import io.parley.api.media.MediaQueries.MediaView;
import io.parley.api.status.AudienceMode;
import io.parley.api.status.StatusQueries.FeedEntry;
import io.parley.api.status.StatusQueries.FindFeedEntry;
import io.parley.api.status.StatusQueries.FindMyStatuses;
import io.parley.api.status.StatusQueries.FindStatusAudience;
import io.parley.api.status.StatusQueries.FindStatusFeed;
import io.parley.api.status.StatusQueries.FindStatusViews;
import io.parley.api.status.StatusQueries.MaySeeStatusMedia;
import io.parley.api.status.StatusQueries.MyStatuses;
import io.parley.api.status.StatusQueries.StatusAudience;
import io.parley.api.status.StatusQueries.StatusFeed;
import io.parley.api.status.StatusQueries.StatusView;
import io.parley.api.status.StatusQueries.StatusViewer;
import io.parley.api.status.StatusQueries.StatusViews;
import io.parley.api.user.PublicUserView;
import io.parley.api.user.UserView;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * Reads of the {@code statuses} collection with API.md's audience rule, decided now: a viewer sees a live status of an
 * owner they are connected to (accepted, not removed) when the status' audience mode lets them. A status past its
 * expiry time is gone from every read, even before its expiry has been projected.
 */
@Component
class StatusQueryHandler {

    private static final String STATUSES = "statuses";
    /** The statuses projection's own copy of the accepted connections, current with its statuses. */
    private static final String CONNECTIONS = "status_connections";
    private static final String USERS = "users";
    private static final String MEDIA = "media";

    private final MongoTemplate mongo;
    private final Clock clock;

    StatusQueryHandler(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Owners with a status the viewer has not seen first, then the owner who posted last first. */
    @QueryHandler
    StatusFeed handle(FindStatusFeed query) {
        Set<String> owners = connectionsOf(query.userId());
        Map<String, List<Document>> byOwner = new LinkedHashMap<>();
        live(where("ownerId").in(owners)).stream()
                .filter(status -> inAudience(status, query.userId()))
                .forEach(status -> byOwner.computeIfAbsent(status.getString("ownerId"), owner -> new ArrayList<>()).add(status));
        Map<String, PublicUserView> users = users(byOwner.keySet());
        return new StatusFeed(byOwner.entrySet().stream()
                .map(owner -> entry(users.get(owner.getKey()), owner.getValue(), query.userId()))
                .sorted(Comparator.comparing(FeedEntry::allSeen).thenComparing(FeedEntry::latestAt, Comparator.reverseOrder()))
                .toList());
    }

    /** With no statuses left when the viewer may see none of the owner's (anymore). */
    @QueryHandler
    FeedEntry handle(FindFeedEntry query) {
        List<Document> statuses = connectionsOf(query.viewerId()).contains(query.ownerId())
                ? live(where("ownerId").is(query.ownerId())).stream().filter(status -> inAudience(status, query.viewerId())).toList()
                : List.of();
        return entry(users(List.of(query.ownerId())).get(query.ownerId()), statuses, query.viewerId());
    }

    @QueryHandler
    MyStatuses handle(FindMyStatuses query) {
        List<Document> statuses = live(where("ownerId").is(query.userId()));
        Map<String, MediaView> media = media(statuses);
        return new MyStatuses(statuses.stream().map(status -> view(status, media, viewers(status).size(), null)).toList());
    }

    @QueryHandler
    StatusViews handle(FindStatusViews query) {
        List<Document> found = live(where("_id").is(query.statusId()).and("ownerId").is(query.ownerId()));
        if (found.isEmpty()) {
            return null;
        }
        List<Document> viewers = viewers(found.get(0));
        Map<String, PublicUserView> users = users(viewers.stream().map(viewer -> viewer.getString("userId")).toList());
        return new StatusViews(viewers.stream()
                .map(viewer -> new StatusViewer(users.get(viewer.getString("userId")), viewer.getDate("viewedAt").toInstant()))
                .toList());
    }

    /** Not bound by time: the projection asks it while the status' expiry is being projected. */
    @QueryHandler
    StatusAudience handle(FindStatusAudience query) {
        Document status = mongo.findById(query.statusId(), Document.class, STATUSES);
        if (status == null) {
            return null;
        }
        List<String> audience = connectionsOf(status.getString("ownerId")).stream()
                .filter(connection -> mode(status).includes(connection, listed(status))).sorted().toList();
        return new StatusAudience(view(status, media(List.of(status)), null, false), audience);
    }

    @QueryHandler
    Boolean handle(MaySeeStatusMedia query) {
        List<Document> showing = live(where("mediaId").is(query.mediaId()));
        if (showing.isEmpty()) {
            return false;
        }
        Set<String> connections = connectionsOf(query.userId());
        return showing.stream().anyMatch(status -> connections.contains(status.getString("ownerId")) && inAudience(status, query.userId()));
    }

    /** Oldest first. */
    private List<Document> live(Criteria criteria) {
        return mongo.find(new Query(criteria.and("expiresAt").gt(Date.from(clock.instant())))
                .with(Sort.by(Sort.Direction.ASC, "createdAt")), Document.class, STATUSES);
    }

    private Set<String> connectionsOf(String userId) {
        return mongo.find(query(where("userId").is(userId)), Document.class, CONNECTIONS).stream()
                .map(connection -> connection.getString("otherUserId")).collect(Collectors.toSet());
    }

    /** The viewer is one of the owner's connections: the mode and its list decide. */
    private static boolean inAudience(Document status, String viewerId) {
        return mode(status).includes(viewerId, listed(status));
    }

    private static AudienceMode mode(Document status) {
        return AudienceMode.fromJson(status.getString("audienceMode")).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> listed(Document status) {
        return (List<String>) status.get("audienceIds", List.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Document> viewers(Document status) {
        return (List<Document>) status.get("viewers", List.class);
    }

    private FeedEntry entry(PublicUserView owner, List<Document> statuses, String viewerId) {
        Map<String, MediaView> media = media(statuses);
        List<StatusView> views = statuses.stream().map(status -> view(status, media, null,
                viewers(status).stream().anyMatch(viewer -> viewerId.equals(viewer.getString("userId"))))).toList();
        return new FeedEntry(owner, views, views.stream().allMatch(StatusView::seen),
                views.isEmpty() ? null : views.get(views.size() - 1).createdAt());
    }

    private StatusView view(Document status, Map<String, MediaView> media, Integer viewCount, Boolean seen) {
        String mediaId = status.getString("mediaId");
        return new StatusView(status.getString("statusId"), status.getString("ownerId"), status.getString("type"),
                status.getString("text"), status.getString("backgroundColor"), status.getString("caption"),
                mediaId == null ? null : media.get(mediaId), status.getDate("createdAt").toInstant(),
                status.getDate("expiresAt").toInstant(), viewCount, seen);
    }

    private Map<String, MediaView> media(List<Document> statuses) {
        List<String> ids = statuses.stream().map(status -> status.getString("mediaId")).filter(Objects::nonNull).toList();
        Map<String, MediaView> media = new HashMap<>();
        if (!ids.isEmpty()) {
            mongo.find(query(where("_id").in(ids)), Document.class, MEDIA)
                    .forEach(found -> media.put(found.getString("_id"), mongo.getConverter().read(MediaView.class, found)));
        }
        return media;
    }

    /** Public views; a user no longer there shows as their id only. */
    private Map<String, PublicUserView> users(Collection<String> ids) {
        Map<String, PublicUserView> views = new HashMap<>();
        mongo.find(query(where("_id").in(ids)), UserView.class, USERS).forEach(user -> views.put(user.id(), user.publicView()));
        ids.forEach(id -> views.putIfAbsent(id, PublicUserView.idOnly(id)));
        return views;
    }
}
