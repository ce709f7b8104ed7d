package io.parley.app.web;

import io.parley.command.auth.AccessTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Authenticates {@code Authorization: Bearer <jwt>}: the principal's name is the user id, roles become
 * {@code ROLE_*} authorities. A missing or bad token leaves the request anonymous; the security rules then
 * answer 401 where a user is required.
 */
class JwtAuthenticationFilter extends OncePerRequestFilter {

    private final AccessTokens tokens;

    JwtAuthenticationFilter(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        TokenAuthentication.fromHeader(tokens, request.getHeader(HttpHeaders.AUTHORIZATION))
                .ifPresent(authentication -> SecurityContextHolder.getContext().setAuthentication(authentication));
        chain.doFilter(request, response);
    }
}
