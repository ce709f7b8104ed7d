package io.parley.app.infra;

import com.github.fppt.jedismock.RedisServer;
import com.mongodb.ConnectionString;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: in-process stand-ins for MongoDB (persisted under the data dir) and Redis (ephemeral,
 * as Redis is used here), bound to free loopback ports. The app talks to them through the ordinary Spring Data
 * clients, so the same code runs against the real services. Their servers run non-daemon threads: the
 * destroy methods stop them, after the clients that depend on them are closed.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedServices {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "parley.embedded.mongo", havingValue = "true")
    static class Mongo {

        @Bean(destroyMethod = "close")
        EmbeddedMongo embeddedMongo(@Value("${parley.data-dir}") String dataDir,
                                    @Value("${parley.embedded.mongo-commit-every:250ms}") Duration commitEvery) throws IOException {
            Path dir = Files.createDirectories(Path.of(dataDir));
            return new EmbeddedMongo(new ConsistentH2Backend(dir.resolve("readmodels.mv")), commitEvery);
        }

        @Bean
        MongoConnectionDetails mongoConnectionDetails(EmbeddedMongo mongo,
                                                      @Value("${parley.mongo.database:parley}") String database) {
            InetSocketAddress address = mongo.server.getLocalAddress();
            ConnectionString uri = new ConnectionString(
                    "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database);
            return () -> uri;
        }

        /** Boot's Mongo health check sends {@code hello}, which mongo-java-server lacks; {@code ping} it has. */
        @Bean
        HealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
            return () -> {
                mongo.executeCommand(new Document("ping", 1));
                return Health.up().withDetail("server", "embedded").build();
            };
        }
    }

    /**
     * mongo-java-server on an H2 MVStore file, committed between whole operations every {@code commitEvery}; closing
     * stops the server, then flushes and closes the store. A commit holds up every read-store operation while it writes
     * what changed since the last one, and a page changed ten times costs one write: at 2,000 messages/s commits every
     * 100 ms held the store 10–15 ms each, a tenth of the time, and every 250 ms half as long in all.
     */
    static final class EmbeddedMongo implements AutoCloseable {
        private final ConsistentH2Backend backend;
        private final MongoServer server;
        private final ScheduledExecutorService commits;

        EmbeddedMongo(ConsistentH2Backend backend, Duration commitEvery) {
            this.backend = backend;
            this.server = new MongoServer(backend);
            server.bind("127.0.0.1", 0);
            commits = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("read-store-commit-"));
            long every = commitEvery.toMillis();
            commits.scheduleWithFixedDelay(backend::commitWholeOperations, every, every, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            commits.shutdown();
            commits.awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownNow();
            backend.close();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "parley.embedded.redis", havingValue = "true")
    static class Redis {

        @Bean(destroyMethod = "stop")
        RedisServer embeddedRedisServer() throws IOException {
            return RedisServer.newRedisServer(0, InetAddress.getLoopbackAddress()).start();
        }

        @Bean
        DataRedisConnectionDetails redisConnectionDetails(RedisServer server) {
            DataRedisConnectionDetails.Standalone standalone =
                    DataRedisConnectionDetails.Standalone.of(server.getHost(), server.getBindPort());
            return new DataRedisConnectionDetails() {
                @Override
                public Standalone getStandalone() {
                    return standalone;
                }
            };
        }
    }
}
