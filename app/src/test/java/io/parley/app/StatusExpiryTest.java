package io.parley.app;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/** A status lives {@code parley.status.ttl} (short here): then it is gone from every read, its media from its audience. */
@TestPropertySource(properties = {"parley.status.ttl=4s", "parley.deadlines.poll-every=200ms"})
class StatusExpiryTest extends ApiTest {

    @Test
    void anExpiredStatusLeavesTheFeedMineTheLiveFeedAndItsAudiencesMedia() throws Exception {
        User ann = user();
        User ben = user();
        connect(ben, ann);
        String image = MediaFiles.upload(port, "POST", "/api/media", ann.token(), "sunset.png", MediaFiles.png(32, 32))
                .json().path("mediaId").asString();
        assertThat(MediaFiles.processed(api(), ann.token(), image).path("state").asString()).isEqualTo("ready");
        try (Socket benSocket = Socket.open(port, ben.token())) {
            Socket.Live live = benSocket.subscribe("/user/queue/live/status-feed");
            assertThat(live.next().path("data")).isEmpty();
            String status = api().post("/api/status", ann.token(), json("{'type':'image','mediaId':'%s'}", image)).text("statusId");
            assertThat(live.next(data -> data.path("statuses").size() == 1).path("data").path("statuses").get(0)
                    .path("statusId").asString()).isEqualTo(status);
            assertThat(api().get("/api/status/feed", ben.token()).json().size()).isEqualTo(1);
            assertThat(download(ben, image)).isEqualTo(200);

            JsonNode removed = benSocket.next("status:removed", Duration.ofSeconds(20)).path("data");
            assertThat(removed.path("statusId").asString()).isEqualTo(status);
            assertThat(live.next(data -> data.path("statuses").isEmpty()).path("data").path("user").path("id").asString())
                    .isEqualTo(ann.id());
            assertThat(api().get("/api/status/feed", ben.token()).json()).isEmpty();
            assertThat(api().get("/api/status/mine", ann.token()).json()).isEmpty();
            assertThat(api().get("/api/status/" + status + "/views", ann.token()).status()).isEqualTo(404);
            assertThat(api().post("/api/status/" + status + "/view", ben.token(), null).status()).isEqualTo(404);
            assertThat(download(ben, image)).as("no longer the audience's").isEqualTo(404);
            assertThat(download(ann, image)).as("still the owner's").isEqualTo(200);
        }
    }

    private int download(User user, String mediaId) {
        return MediaFiles.download(port, "/api/media/" + mediaId, user.token(), Map.of()).status();
    }
}
