package io.parley.command.support;

import com.github.fppt.jedismock.RedisServer;
import org.junit.jupiter.api.Assumptions;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;

/**
 * The two Redis servers adapter tests run against: the machine's real Redis (127.0.0.1:6379, or
 * PARLEY_TEST_REDIS_HOST/PORT; the test is skipped, saying so, when none answers) and the embedded default's
 * in-process server.
 */
public final class RedisServers {

    private static RedisServer embedded;

    private RedisServers() {
    }

    public static synchronized LettuceConnectionFactory connect(String which) {
        boolean real = which.equals("real");
        String host = real ? System.getenv().getOrDefault("PARLEY_TEST_REDIS_HOST", "127.0.0.1") : embedded().getHost();
        int port = real ? Integer.parseInt(System.getenv().getOrDefault("PARLEY_TEST_REDIS_PORT", "6379"))
                : embedded().getBindPort();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
        factory.afterPropertiesSet();
        factory.start();
        try {
            factory.getConnection().ping();
        } catch (RuntimeException e) {
            factory.destroy();
            Assumptions.abort("Redis is not reachable at " + host + ":" + port + ": " + e.getMessage());
        }
        return factory;
    }

    private static RedisServer embedded() {
        if (embedded == null) {
            try {
                embedded = RedisServer.newRedisServer(0, InetAddress.getLoopbackAddress()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return embedded;
    }
}
