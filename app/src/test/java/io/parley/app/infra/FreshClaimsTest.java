package io.parley.app.infra;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link FreshClaims} over Axon's Mongo token store, as two nodes share it: a claim written a moment ago is not
 * extended again, an older one is, and a claim another node took over is refused as before.
 */
class FreshClaimsTest {

    /** Short enough for a claim to lapse within the test. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofMillis(600);

    private final MongoServer server = new MongoServer(new MemoryBackend());
    private final InetSocketAddress address = server.bind();
    private final AtomicInteger extensions = new AtomicInteger();
    private final MongoClient client = client(extensions);
    private final MongoClient otherClient = client(new AtomicInteger());
    private final TokenStore node = new FreshClaims(store(client, "node", CLAIM_TIMEOUT), CLAIM_TIMEOUT);
    private final TokenStore otherNode = store(otherClient, "other", CLAIM_TIMEOUT);

    @AfterEach
    void stop() {
        client.close();
        otherClient.close();
        server.shutdownNow();
    }

    @Test
    void aClaimWrittenAMomentAgoIsNotExtendedAgainAnOlderOneIs() throws Exception {
        // A second is fresh here, so a slow machine does not make a moment into an older claim.
        Duration claimTimeout = Duration.ofSeconds(10);
        TokenStore node = new FreshClaims(store(client, "node", claimTimeout), claimTimeout);
        node.initializeTokenSegments("chats", 1);
        node.fetchToken("chats", 0);
        extensions.set(0);

        node.extendClaim("chats", 0);
        node.storeToken(new GlobalSequenceTrackingToken(1), "chats", 0);
        node.extendClaim("chats", 0);
        assertThat(extensions).as("claimed, then stored under: fresh both times").hasValue(0);

        Thread.sleep(claimTimeout.toMillis() / 10 + 20);
        node.extendClaim("chats", 0);
        node.extendClaim("chats", 0);
        assertThat(extensions).as("the first extension after a tenth of the timeout writes, and freshens").hasValue(1);
    }

    @Test
    void aClaimAnotherNodeTookOverIsRefused() throws Exception {
        node.initializeTokenSegments("chats", 1);
        node.fetchToken("chats", 0);

        Thread.sleep(CLAIM_TIMEOUT.toMillis() + 50);
        otherNode.fetchToken("chats", 0);

        assertThatThrownBy(() -> node.extendClaim("chats", 0)).isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> node.storeToken(new GlobalSequenceTrackingToken(2), "chats", 0))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThatThrownBy(() -> node.extendClaim("chats", 0)).as("a failed write forgets the claim")
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    @Test
    void aReleasedClaimIsForgotten() {
        node.initializeTokenSegments("chats", 1);
        node.fetchToken("chats", 0);
        node.releaseClaim("chats", 0);
        otherNode.fetchToken("chats", 0);

        assertThatThrownBy(() -> node.extendClaim("chats", 0)).isInstanceOf(UnableToClaimTokenException.class);
    }

    private static MongoTokenStore store(MongoClient client, String owner, Duration claimTimeout) {
        return MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "parley").build())
                .serializer(JacksonSerializer.defaultSerializer())
                .claimTimeout(claimTimeout)
                .nodeId(owner)
                .build();
    }

    /** A client that counts the token store's updates that only extend a claim (they set nothing but its time). */
    private MongoClient client(AtomicInteger claimExtensions) {
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("update") && event.getCommand().toJson().contains("timestamp")
                        && !event.getCommand().toJson().contains("\"token\"")) {
                    claimExtensions.incrementAndGet();
                }
            }
        };
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + address.getHostString() + ":" + address.getPort()))
                .addCommandListener(counter).build());
    }
}
