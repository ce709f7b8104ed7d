package io.parley.app;

import io.parley.ParleyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/** Starts the whole app (as command-line arguments would configure it) for tests that restart the app or run it on other profiles. */
final class Nodes {

    private Nodes() {
    }

    static ConfigurableApplicationContext start(String profile, String... properties) {
        ConsoleCodes.install();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--parley.auth.ip-limit=100000"));
        for (String property : properties) {
            args.add("--" + property);
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder(ParleyApplication.class);
        if (profile != null) {
            builder.profiles(profile);
        }
        return builder.run(args.toArray(String[]::new));
    }

    static Api api(ConfigurableApplicationContext node) {
        return new Api(Integer.parseInt(node.getEnvironment().getProperty("local.server.port")));
    }
}
