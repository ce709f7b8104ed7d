package io.parley.command.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/** {@code parley.jwt.*}: token lifetimes and the HS256 secret (PARLEY_JWT_SECRET; generated under the data dir if unset). */
@ConfigurationProperties("parley.jwt")
public record JwtProperties(@DefaultValue("15m") Duration accessTtl,
                            @DefaultValue("30d") Duration refreshTtl,
                            String secret,
                            @DefaultValue("parley") String issuer) {
}
