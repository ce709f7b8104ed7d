package io.parley.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;

import static io.parley.app.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedded event store written by an earlier version, whose payload columns were fixed-length {@code binary(10000)}
 * (every value padded with zeros), is brought to {@code varbinary} at start-up and its history still reads.
 */
class H2EventStoreUpgradeTest {

    private static final String ANN = "parley.otp.test-identifiers[ann@upgrade.test]=111111";

    private record Login(String userId, String token) {
    }

    @Test
    void paddedBinaryColumnsBecomeVarbinaryAndTheirHistoryStillReads(@TempDir Path dir) {
        String userId;
        try (ConfigurableApplicationContext node = Nodes.start(null, ANN, "parley.data-dir=" + dir)) {
            userId = login(Nodes.api(node)).userId();
            JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
            for (String column : List.of("payload", "meta_data")) {
                jdbc.execute("alter table domain_event_entry alter column " + column + " set data type binary(10000)");
            }
            assertThat(jdbc.queryForObject("select min(octet_length(payload)) from domain_event_entry", Integer.class))
                    .as("the old columns pad").isEqualTo(10000);
        }
        try (ConfigurableApplicationContext node = Nodes.start(null, ANN, "parley.data-dir=" + dir)) {
            Api api = Nodes.api(node);
            JdbcTemplate jdbc = new JdbcTemplate(node.getBean(DataSource.class));
            assertThat(jdbc.queryForList("select data_type from information_schema.columns where table_name = 'DOMAIN_EVENT_ENTRY'"
                    + " and column_name in ('PAYLOAD', 'META_DATA')", String.class)).containsOnly("BINARY VARYING");
            Login again = login(api);
            assertThat(again.userId()).as("the user is found from padded events").isEqualTo(userId);
            Api.Response renamed = api.patch("/api/users/me", again.token(), json("{'name':'Ann'}"));
            assertThat(renamed.status()).as("the user aggregate loads from padded events: %s", renamed.raw().body()).isEqualTo(200);
            assertThat(jdbc.queryForObject("select octet_length(payload) from domain_event_entry order by global_index desc limit 1",
                    Integer.class)).as("new events are stored as long as they are").isLessThan(1000);
        }
    }

    private static Login login(Api api) {
        Api.Response login = api.post("/api/auth/otp/verify", null, json("{'identifier':'ann@upgrade.test','otp':'111111'}"));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
        return new Login(login.json().path("user").path("id").asString(), login.text("token"));
    }
}
