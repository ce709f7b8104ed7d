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
