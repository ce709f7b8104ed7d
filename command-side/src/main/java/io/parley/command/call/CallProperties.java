package io.parley.command.call;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code parley.call.*}: how long a call rings, and how long a party whose call session closed may take to come back. */
@ConfigurationProperties("parley.call")
public record CallProperties(@DefaultValue("45s") Duration ringTimeout, @DefaultValue("30s") Duration reconnectGrace) {
}
