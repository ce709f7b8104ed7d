package io.parley.command.limits;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Throttles every request to /api/auth/** per client IP, malformed ones included, before any work is done. */
@Configuration
class AuthRateLimitInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private final RateLimiter limiter;

    AuthRateLimitInterceptor(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/auth/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        limiter.hit(RateLimit.AUTH_PER_IP, request.getRemoteAddr());
        return true;
    }
}
