package io.parley.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "Status stories" from outside: the three audience modes, the feed's order and seen marks, views counted once
 * and shown to the owner only, 404 for anyone outside the audience (strangers, removed connections), the pushes and
 * the live feed, and image/video statuses whose media follows the audience. Expiry is {@link StatusExpiryTest}'s.
 */
class StatusApiTest extends ApiTest {

    private String post(User owner, String body) {
        Api.Response posted = api().post("/api/status", owner.token(), body);
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(201);
        return posted.text("statusId");
    }

    private String postText(User owner, String text) {
        return post(owner, json("{'type':'text','text':'%s','backgroundColor':'#1E88E5'}", text));
    }

    private JsonNode feed(User viewer) {
        Api.Response feed = api().get("/api/status/feed", viewer.token());
        assertThat(feed.status()).as(feed.raw().body()).isEqualTo(200);
        return feed.json();
    }

    /** The ids of the statuses the viewer's feed shows, owner by owner. */
    private List<String> seenIds(User viewer) {
        List<String> ids = new ArrayList<>();
        feed(viewer).forEach(entry -> entry.path("statuses").forEach(status -> ids.add(status.path("statusId").asString())));
        return ids;
    }

    private int view(User viewer, String statusId) {
        return api().post("/api/status/" + statusId + "/view", viewer.token(), null).status();
    }

    @Test
    void eachAudienceModeReachesExactlyItsAudienceAndNobodyElseLearnsTheStatusExists() throws Exception {
        User ann = user();
        User ben = user();
        User cy = user();
        User eve = user();
        connect(ben, ann);
        connect(cy, ann);
        String everyone;
        try (Socket benSocket = Socket.open(port, ben.token()); Socket eveSocket = Socket.open(port, eve.token())) {
            Api.Response posted = api().post("/api/status", ann.token(), json("{'type':'text','text':'Hello all','backgroundColor':'#1E88E5'}"));
            assertThat(posted.status()).as(posted.raw().body()).isEqualTo(201);
            assertThat(posted.text("type")).isEqualTo("text");
            assertThat(posted.json().path("viewCount").asInt()).isZero();
            assertThat(Duration.between(Instant.parse(posted.text("createdAt")), Instant.parse(posted.text("expiresAt"))))
                    .isEqualTo(Duration.ofHours(24));
            everyone = posted.text("statusId");
            JsonNode pushed = benSocket.next("status:new").path("data");
            assertThat(pushed.path("statusId").asString()).isEqualTo(everyone);
            assertThat(pushed.path("text").asString()).isEqualTo("Hello all");
            eveSocket.expectNone("status:new", Duration.ofSeconds(1));
        }
        String onlyBen = post(ann, json("{'type':'text','text':'Ben only','audience':{'mode':'only','userIds':['%s']}}", ben.id()));
        String notBen = post(ann, json("{'type':'text','text':'Not Ben','audience':{'mode':'except','userIds':['%s']}}", ben.id()));

        assertThat(seenIds(ben)).containsExactly(everyone, onlyBen);
        assertThat(seenIds(cy)).containsExactly(everyone, notBen);
        assertThat(seenIds(eve)).isEmpty();
        assertThat(feed(ben).get(0).path("user").path("id").asString()).isEqualTo(ann.id());

        for (String status : List.of(onlyBen, notBen)) {
            assertThat(view(eve, status)).as("a stranger").isEqualTo(404);
        }
        assertThat(view(cy, onlyBen)).as("not listed").isEqualTo(404);
        assertThat(view(ben, notBen)).as("excepted").isEqualTo(404);
        Api.Response refused = api().post("/api/status/" + notBen + "/view", ben.token(), null);
        assertThat(refused.text("code")).isEqualTo("status_not_found");
        assertThat(view(ben, onlyBen)).isEqualTo(204);
        assertThat(view(cy, notBen)).isEqualTo(204);
        assertThat(api().post("/api/status/no-such-status/view", ben.token(), null).text("code")).isEqualTo("status_not_found");
    }

    @Test
    void viewsAreCountedOnceShownToTheOwnerOnlyAndTheFeedPutsUnseenOwnersFirst() throws Exception {
        User ann = user();
        User cy = user();
        User ben = user();
        connect(ben, ann);
        connect(ben, cy);
        String annFirst = postText(ann, "first");
        String annSecond = postText(ann, "second");
        postText(cy, "from cy");
        JsonNode feed = feed(ben);
        assertThat(feed.get(0).path("user").path("id").asString()).as("latest first while all are unseen").isEqualTo(cy.id());
        assertThat(feed.get(1).path("statuses").get(0).path("statusId").asString()).as("oldest first").isEqualTo(annFirst);

        try (Socket annSocket = Socket.open(port, ann.token())) {
            assertThat(view(ben, annFirst)).isEqualTo(204);
            JsonNode viewed = annSocket.next("status:view").path("data");
            assertThat(viewed.path("statusId").asString()).isEqualTo(annFirst);
            assertThat(viewed.path("user").path("id").asString()).isEqualTo(ben.id());
            assertThat(view(ben, annFirst)).as("again").isEqualTo(204);
            assertThat(view(ann, annFirst)).as("the owner").isEqualTo(204);
            annSocket.expectNone("status:view", Duration.ofSeconds(1));
        }
        JsonNode mine = api().get("/api/status/mine", ann.token()).json();
        assertThat(mine.get(0).path("viewCount").asInt()).isEqualTo(1);
        assertThat(mine.get(1).path("viewCount").asInt()).isZero();
        JsonNode views = api().get("/api/status/" + annFirst + "/views", ann.token()).json();
        assertThat(views.size()).isEqualTo(1);
        assertThat(views.get(0).path("user").path("id").asString()).isEqualTo(ben.id());
        assertThat(views.get(0).path("viewedAt").asString()).isNotEmpty();
        assertThat(api().get("/api/status/" + annFirst + "/views", ben.token()).text("code")).isEqualTo("status_not_found");

        feed = feed(ben);
        JsonNode annEntry = feed.get(1);
        assertThat(annEntry.path("allSeen").asBoolean()).isFalse();
        assertThat(annEntry.path("statuses").get(0).path("seen").asBoolean()).isTrue();
        assertThat(annEntry.path("statuses").get(0).has("viewCount") && !annEntry.path("statuses").get(0).path("viewCount").isNull())
                .as("no view counts for viewers").isFalse();
        view(ben, annSecond);
        view(ben, seenIds(ben).get(0));
        postText(ann, "third");
        feed = feed(ben);
        assertThat(feed.get(0).path("user").path("id").asString()).as("unseen first").isEqualTo(ann.id());
        assertThat(feed.get(1).path("allSeen").asBoolean()).isTrue();
    }

    @Test
    void aRemovedConnectionStopsSeeingAtOnceAndTheLiveFeedFollows() throws Exception {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        String kept = postText(ann, "kept");
        try (Socket benSocket = Socket.open(port, ben.token())) {
            Socket.Live live = benSocket.subscribe("/user/queue/live/status-feed");
            JsonNode snapshot = live.next();
            assertThat(snapshot.path("type").asString()).isEqualTo("snapshot");
            assertThat(snapshot.path("data")).isEqualTo(feed(ben));

            String added = postText(ann, "added");
            JsonNode update = live.next(data -> data.path("statuses").size() == 2);
            assertThat(update.path("type").asString()).isEqualTo("update");
            assertThat(update.path("data").path("user").path("id").asString()).isEqualTo(ann.id());
            assertThat(update.path("data").path("statuses").get(1).path("statusId").asString()).isEqualTo(added);

            view(ben, kept);
            assertThat(live.next(data -> data.path("statuses").get(0).path("seen").asBoolean())
                    .path("data").path("statuses").get(0).path("statusId").asString()).isEqualTo(kept);

            assertThat(api().delete("/api/connections/remove?userId=" + ann.id(), ben.token()).status()).isEqualTo(204);
            assertThat(live.next(data -> data.path("statuses").isEmpty()).path("data").path("user").path("id").asString()).isEqualTo(ann.id());
        }
        assertThat(feed(ben)).isEmpty();
        assertThat(view(ben, kept)).isEqualTo(404);
    }

    @Test
    void theOwnerDeletesAndTheAudienceIsTold() throws Exception {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        String status = postText(ann, "soon gone");
        assertThat(api().delete("/api/status/" + status, ben.token()).text("code")).isEqualTo("status_not_found");
        try (Socket benSocket = Socket.open(port, ben.token())) {
            assertThat(api().delete("/api/status/" + status, ann.token()).status()).isEqualTo(204);
            JsonNode removed = benSocket.next("status:removed").path("data");
            assertThat(removed.path("statusId").asString()).isEqualTo(status);
            assertThat(removed.path("ownerId").asString()).isEqualTo(ann.id());
        }
        assertThat(seenIds(ben)).isEmpty();
        assertThat(api().get("/api/status/mine", ann.token()).json()).isEmpty();
        assertThat(api().delete("/api/status/" + status, ann.token()).status()).isEqualTo(404);
        assertThat(api().get("/api/status/" + status + "/views", ann.token()).status()).isEqualTo(404);
    }

    @Test
    void imageAndVideoStatusesShowTheirMediaToTheirAudienceOnly() throws Exception {
        User ann = user();
        User ben = user();
        User cy = user();
        User eve = user();
        connect(ben, ann);
        connect(cy, ann);
        String image = upload(ann, "beach.png", MediaFiles.png(64, 48));
        String video = upload(ann, "clip.mp4", MediaFiles.mp4(320, 240, 1500));

        assertThat(api().post("/api/status", ann.token(), json("{'type':'video','mediaId':'%s'}", image)).text("code"))
                .as("an image is no video").isEqualTo("media_type_not_allowed");
        Api.Response posted = api().post("/api/status", ann.token(),
                json("{'type':'image','mediaId':'%s','caption':'Beach','audience':{'mode':'except','userIds':['%s']}}", image, cy.id()));
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(201);
        assertThat(posted.json().path("media").path("mediaId").asString()).isEqualTo(image);
        assertThat(posted.text("caption")).isEqualTo("Beach");
        String imageStatus = posted.text("statusId");
        String videoStatus = post(ann, json("{'type':'video','mediaId':'%s'}", video));
        JsonNode entry = feed(ben).get(0);
        assertThat(entry.path("statuses").get(0).path("media").path("kind").asString()).isEqualTo("image");
        assertThat(entry.path("statuses").get(1).path("media").path("kind").asString()).isEqualTo("video");

        assertThat(download(ben, image)).as("the audience").isEqualTo(200);
        assertThat(download(ben, video)).isEqualTo(200);
        assertThat(download(cy, image)).as("excepted").isEqualTo(404);
        assertThat(download(cy, video)).isEqualTo(200);
        assertThat(download(eve, image)).as("a stranger").isEqualTo(404);

        api().delete("/api/status/" + imageStatus, ann.token());
        assertThat(download(ben, image)).as("the status is gone").isEqualTo(404);
        assertThat(download(ann, image)).as("the owner's still").isEqualTo(200);

        assertThat(api().delete("/api/media/" + video, ann.token()).status()).isEqualTo(204);
        JsonNode shown = eventually(Duration.ofSeconds(10), () -> api().get("/api/status/mine", ann.token()).json(),
                mine -> mine.get(0).path("media").isNull());
        assertThat(shown.get(0).path("statusId").asString()).isEqualTo(videoStatus);
        assertThat(shown.get(0).path("media").isNull()).as("deleted media shows as null (once projected)").isTrue();
    }

    @Test
    void badStatusesAreRefusedWithTheirField() throws Exception {
        User ann = user();
        User ben = user();
        User eve = user();
        connect(ben, ann);
        String bensImage = upload(ben, "his.png", MediaFiles.png(8, 8));
        Map<String, String> fields = Map.of(
                json("{'type':'poem','text':'x'}"), "type",
                json("{'type':'text','text':'%s'}", "x".repeat(701)), "text",
                json("{'type':'text'}"), "text",
                json("{'type':'text','text':'hi','backgroundColor':'red'}"), "backgroundColor",
                json("{'type':'image'}"), "mediaId",
                json("{'type':'text','text':'hi','audience':{'mode':'some'}}"), "audience.mode",
                json("{'type':'text','text':'hi','audience':{'mode':'only','userIds':['%s']}}", eve.id()), "audience.userIds",
                json("{'type':'text','text':'hi','audience':{'mode':'only'}}"), "audience.userIds");
        fields.forEach((body, field) -> {
            Api.Response refused = api().post("/api/status", ann.token(), body);
            assertThat(refused.status()).as(body + " → " + refused.raw().body()).isEqualTo(400);
            assertThat(refused.text("code")).isEqualTo("validation_failed");
            assertThat(refused.json().path("errors").get(0).path("field").asString()).as(body).isEqualTo(field);
        });
        assertThat(api().post("/api/status", ann.token(), json("{'type':'image','mediaId':'%s'}", bensImage)).text("code"))
                .as("another user's media").isEqualTo("media_not_found");
        assertThat(api().post("/api/status", ann.token(), "{\"type\":").text("code")).isEqualTo("validation_failed");
        assertThat(api().post("/api/status", null, json("{'type':'text','text':'hi'}")).status()).isEqualTo(401);
        assertThat(api().get("/api/status/mine", ann.token()).json()).isEmpty();
    }

    private String upload(User owner, String fileName, byte[] bytes) throws InterruptedException {
        String id = MediaFiles.upload(port, "POST", "/api/media", owner.token(), fileName, bytes).json().path("mediaId").asString();
        assertThat(MediaFiles.processed(api(), owner.token(), id).path("state").asString()).isEqualTo("ready");
        return id;
    }

    private int download(User user, String mediaId) {
        return MediaFiles.download(port, "/api/media/" + mediaId, user.token(), Map.of()).status();
    }
}
