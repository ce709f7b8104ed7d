package io.parley;

import org.axonframework.springboot.autoconfig.MicrometerMetricsAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Parley's one runnable application: the command side, projections and query side in one process. Axon's
 * Micrometer auto-configuration is replaced by {@code io.parley.app.observability.AxonObservabilityConfig}.
 */
@SpringBootApplication(exclude = {UserDetailsServiceAutoConfiguration.class, MicrometerMetricsAutoConfiguration.class})
@ConfigurationPropertiesScan
@EnableScheduling
public class ParleyApplication {

    public static void main(String[] args) {
        SpringApplication.run(ParleyApplication.class, args);
    }
}
