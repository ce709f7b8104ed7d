package io.parley.app.web;

import io.parley.command.auth.AccessTokens;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.Locale;

/** An access token's principal as a Spring Security authentication: name = user id, roles as ROLE_* authorities. */
public final class TokenAuthentication {

    private TokenAuthentication() {
    }

    public static UsernamePasswordAuthenticationToken of(AccessTokens.Principal principal) {
        var authorities = principal.roles().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
                .toList();
        return UsernamePasswordAuthenticationToken.authenticated(principal.userId(), null, authorities);
    }
}
