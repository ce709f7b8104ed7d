package io.parley.command.status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code parley.status.*}: how long a status lives. */
@ConfigurationProperties("parley.status")
public record StatusProperties(@DefaultValue("24h") Duration ttl) {
}
