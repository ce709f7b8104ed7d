package io.parley.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A domain rule said no. Carries the API error code and any extra problem properties
 * (e.g. {@code attemptsLeft}, {@code retryAfterSeconds}); the app maps it to problem+json.
 */
public class ParleyException extends RuntimeException {

    private final ErrorCode errorCode;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ParleyException(ErrorCode errorCode, String detail) {
        super(detail);
        this.errorCode = errorCode;
    }

    /** A {@code validation_failed} about one field, with API.md's {@code errors: [{field, message}]}. */
    public static ParleyException invalid(String field, String message) {
        return new ParleyException(ErrorCode.VALIDATION_FAILED, field + " " + message + ".")
                .with("errors", List.of(Map.of("field", field, "message", message)));
    }

    public ParleyException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    /** Seconds a client should wait before retrying, when the rule is a throttle. */
    public Long retryAfterSeconds() {
        return properties.get("retryAfterSeconds") instanceof Number n ? n.longValue() : null;
    }
}
