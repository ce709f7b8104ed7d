package io.parley.app.web;

import io.parley.command.auth.AccessTokens;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <jwt>} as a Spring Security authentication, for HTTP and STOMP alike:
 * name = user id, roles as ROLE_* authorities.
 */
public final class TokenAuthentication {

    private static final String BEARER = "bearer ";

    private TokenAuthentication() {
    }

    /** The authentication for an Authorization header value; empty when it is missing, not Bearer, or invalid. */
    public static Optional<UsernamePasswordAuthenticationToken> fromHeader(AccessTokens tokens, String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return tokens.verify(header.substring(BEARER.length()).trim()).map(TokenAuthentication::of);
    }

    private static UsernamePasswordAuthenticationToken of(AccessTokens.Principal principal) {
        var authorities = principal.roles().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
                .toList();
        return UsernamePasswordAuthenticationToken.authenticated(principal.userId(), null, authorities);
    }
}
