package io.parley.app;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for black-box tests: what a client app sends, what it gets back. */
public final class Api {

    public record Response(int status, HttpResponse<String> raw, JsonNode json) {
        public String text(String field) {
            return json.path(field).asString();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, "application/json");
    }

    public Response post(String path, String token, String body) {
        return send("POST", path, token, body, "application/json");
    }

    public Response patch(String path, String token, String body) {
        return send("PATCH", path, token, body, "application/json");
    }

    public Response put(String path, String token, String body) {
        return send("PUT", path, token, body, "application/json");
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, "application/json");
    }

    public Response send(String method, String path, String token, String body, String contentType) {
        return send(method, path, token, body, contentType, Map.of());
    }

    public Response send(String method, String path, String token, String body, String contentType,
                         Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean text = response.headers().firstValue("Content-Type").orElse("").startsWith("text/");
            JsonNode json = response.body().isEmpty() || text ? JSON.missingNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(String template, Object... args) {
        return String.format(template.replace('\'', '"'), args);
    }
}
