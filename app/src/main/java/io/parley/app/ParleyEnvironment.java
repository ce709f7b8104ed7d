package io.parley.app;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides, before any bean exists, which services are real and which are embedded:
 * <ul>
 *   <li>{@code MONGODB_URI} / {@code REDIS_URL} are aliases of Boot's {@code spring.mongodb.uri} /
 *       {@code spring.data.redis.url}; when neither form is set, the in-process server is used
 *       ({@code parley.embedded.mongo} / {@code parley.embedded.redis} say which).</li>
 *   <li>Axon's update checker phones home at start-up: it stays off unless
 *       {@code AXONIQ_UPDATE_CHECKER_DISABLED=false} opts in.</li>
 *   <li>Tomcat's request threads default to four per core ({@code server.tomcat.threads.max} overrides it): the
 *       more requests run at once, the more CPU each one costs (docs/DECISIONS.md "Performance (REST)"), and what
 *       waits long (uploads, downloads, REST sends) waits off these threads.</li>
 * </ul>
 */
public class ParleyEnvironment implements EnvironmentPostProcessor {

    private static final String UPDATE_CHECKER = "axoniq.update-checker.disabled";
    private static final int REQUEST_THREADS_PER_CORE = 4;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(UPDATE_CHECKER) == null && System.getenv("AXONIQ_UPDATE_CHECKER_DISABLED") == null) {
            System.setProperty(UPDATE_CHECKER, "true");
        }
        Map<String, Object> derived = new HashMap<>();
        boolean realMongo = alias(environment, "MONGODB_URI", "spring.mongodb.uri", derived)
                || environment.containsProperty("spring.mongodb.host");
        boolean realRedis = alias(environment, "REDIS_URL", "spring.data.redis.url", derived)
                || environment.containsProperty("spring.data.redis.host");
        derived.putIfAbsent("parley.embedded.mongo", String.valueOf(!realMongo));
        derived.putIfAbsent("parley.embedded.redis", String.valueOf(!realRedis));
        derived.put("server.tomcat.threads.max", REQUEST_THREADS_PER_CORE * Runtime.getRuntime().availableProcessors());
        environment.getPropertySources().addLast(new MapPropertySource("parley-derived", derived));
    }

    private static boolean alias(ConfigurableEnvironment environment, String alias, String property,
                                 Map<String, Object> derived) {
        if (environment.containsProperty(property)) {
            return true;
        }
        String value = environment.getProperty(alias);
        if (value == null || value.isBlank()) {
            return false;
        }
        derived.put(property, value);
        return true;
    }
}
