package io.parley.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before any controller, by Tomcat or by Spring Security's firewall, get problem+json with a code
 * like every other error. Sent over a raw socket: an HTTP client library would refuse to send most of them.
 */
class ContainerErrorsApiTest extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(int status, String contentType, JsonNode body) {
    }

    @Test
    void pathsTheContainerCannotDecodeAreBadRequests() throws IOException {
        for (String path : new String[]{"/api/users/%00", "/api/users/a%2Fb", "/api/users/a%5Cb", "/api/users/%ZZ"}) {
            assertProblem(request("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"), 400, "bad_request", path);
        }
    }

    @Test
    void overLongUrlsAndHeadersAndMalformedRequestsAreBadRequests() throws IOException {
        String longPath = "/api/users/" + "a".repeat(20_000);
        assertProblem(request("GET " + longPath + " HTTP/1.1\r\nHost: localhost\r\n"), 400, "bad_request", "long URL");
        assertProblem(request("GET /api/users/me HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000) + "\r\n"),
                400, "bad_request", "long header");
        assertProblem(request("GARBAGE\r\n"), 400, "bad_request", "no request line");
        assertProblem(request("GET /api/users/me HTTP/1.1\r\nHost: localhost\r\nBroken header line\r\n"), 400, "bad_request",
                "malformed header");
    }

    @Test
    void requestsTheFirewallOrTheServletRefuseAreProblemsToo() throws IOException {
        assertProblem(request("GET /api/users/..;/me HTTP/1.1\r\nHost: localhost\r\n"), 400, "bad_request", "path parameter");
        assertProblem(request("GET /api/%2e%2e/users HTTP/1.1\r\nHost: localhost\r\n"), 400, "bad_request", "encoded dots");
        assertProblem(request("TRACE /api/users/me HTTP/1.1\r\nHost: localhost\r\n"), 405, "method_not_allowed", "TRACE");
        assertProblem(request("GET /error HTTP/1.1\r\nHost: localhost\r\n"), 404, "not_found", "/error itself");
    }

    private static void assertProblem(Answer answer, int status, String code, String what) {
        assertThat(answer.status()).as(what).isEqualTo(status);
        assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
        assertThat(answer.body().path("code").asString()).as(what).isEqualTo(code);
        assertThat(answer.body().path("status").asInt()).as(what).isEqualTo(status);
        assertThat(answer.body().path("type").asString()).as(what).isEqualTo("https://parley.dev/errors/" + code);
    }

    /** Sends the request head (and closes the connection after the answer); parses status, type and body. */
    private Answer request(String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int endOfHead = response.indexOf("\r\n\r\n");
            String[] lines = response.substring(0, endOfHead).split("\r\n");
            String contentType = "";
            boolean chunked = false;
            for (String line : lines) {
                String lower = line.toLowerCase();
                if (lower.startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            String body = response.substring(endOfHead + 4);
            if (chunked) {
                body = body.substring(body.indexOf("\r\n") + 2, body.lastIndexOf("}") + 1);
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), contentType, JSON.readTree(body));
        }
    }
}
