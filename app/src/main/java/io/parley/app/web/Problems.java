package io.parley.app.web;

import io.parley.api.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds API.md's RFC 9457 problem+json bodies, for MVC responses and for the security filters alike. */
@Component
public class Problems {

    /** One entry of a {@code validation_failed} problem's {@code errors}. */
    public record FieldProblem(String field, String message) {
    }

    private static final String TYPE_BASE = "https://parley.dev/errors/";

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    public static Map<String, Object> body(ErrorCode code, String detail, Map<String, ?> properties) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code.code());
        body.put("title", code.title());
        body.put("status", code.status());
        body.put("detail", detail == null ? code.title() : detail);
        body.put("code", code.code());
        body.putAll(properties);
        return body;
    }

    /**
     * The code of an error that only its status describes (the servlet container's own answers); a status without a
     * code of its own is told as the class it belongs to, {@code bad_request} or {@code internal_error}.
     */
    static ErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 416 -> ErrorCode.RANGE_NOT_SATISFIABLE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
    }

    static ResponseEntity<Map<String, Object>> response(ErrorCode code, String detail, Map<String, ?> properties) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (properties.get("retryAfterSeconds") instanceof Number seconds) {
            builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds.longValue()));
        }
        return builder.body(body(code, detail, properties));
    }

    void write(HttpServletResponse response, ErrorCode code, String detail) throws IOException {
        response.setStatus(code.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body(code, detail, Map.of()));
    }
}
