package io.parley.command.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Issues and checks access tokens: HS256 JWTs with {@code sub} = user id and the user's roles. */
@Component
public class AccessTokens {

    public record Principal(String userId, List<String> roles) {
    }

    /** Verified tokens remembered at most; all are forgotten at once when there are more. */
    private static final int REMEMBERED = 10_000;

    private record Verified(Principal principal, Instant expiresAt) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final SecretKey key;
    private final JwtProperties properties;
    private final Clock clock;

    AccessTokens(ServerSecrets secrets, JwtProperties properties, Clock clock) {
        this.key = Keys.hmacShaKeyFor(secrets.key("jwt", properties.secret()));
        this.properties = properties;
        this.clock = clock;
    }

    String issue(String userId, List<String> roles) {
        Instant now = clock.instant();
        return Jwts.builder()
                .id(UUID.randomUUID().toString())
                .issuer(properties.issuer())
                .subject(userId)
                .claim("roles", roles)
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(properties.accessTtl())))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    long expiresInSeconds() {
        return properties.accessTtl().toSeconds();
    }

    /**
     * The token's principal, or empty when it is malformed, forged, expired or from another issuer. A token that
     * verified is remembered with its expiry: a client sends the same one with each request until it expires, and
     * parsing and checking it again cost a tenth of an authenticated read.
     */
    public Optional<Principal> verify(String token) {
        Verified known = verified.get(token);
        if (known != null) {
            if (!clock.instant().isAfter(known.expiresAt())) {
                return Optional.of(known.principal());
            }
            verified.remove(token);
            return Optional.empty();
        }
        try {
            Claims claims = Jwts.parser()
                    .verifyWith(key)
                    .requireIssuer(properties.issuer())
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(token)
                    .getPayload();
            List<?> roles = claims.get("roles", List.class);
            Principal principal = new Principal(claims.getSubject(),
                    roles == null ? List.of() : roles.stream().map(String::valueOf).toList());
            if (claims.getExpiration() != null) {
                if (verified.size() >= REMEMBERED) {
                    verified.clear();
                }
                verified.put(token, new Verified(principal, claims.getExpiration().toInstant()));
            }
            return Optional.of(principal);
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
