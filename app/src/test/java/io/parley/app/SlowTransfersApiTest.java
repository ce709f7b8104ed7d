package io.parley.app;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads are read on transfer threads, not on Tomcat's request threads (two here): clients that stall in the middle
 * of their uploads leave the other requests answered, and a stalled upload still completes once its bytes come.
 */
@TestPropertySource(properties = "server.tomcat.threads.max=2")
class SlowTransfersApiTest extends ApiTest {

    @Test
    void uploadsStalledMidwayHoldNoRequestThread() throws Exception {
        User ann = user();
        byte[] body = MediaFiles.multipart("dot.png", MediaFiles.png(10, 10));
        int sent = body.length / 2;
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/media HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ann.token()
                        + "\r\nContent-Type: " + MediaFiles.MULTIPART_TYPE + "\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, sent);
                out.flush();
                stalled.add(socket);
            }
            // Time for the server to start on all four: held on request threads, they would take both of them.
            Thread.sleep(1_000);

            HttpResponse<String> me = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/users/me"))
                            .header("Authorization", "Bearer " + ann.token()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as("answered while four uploads stall").isEqualTo(200);

            Socket first = stalled.get(0);
            first.getOutputStream().write(Arrays.copyOfRange(body, sent, body.length));
            first.getOutputStream().flush();
            assertThat(statusLine(first.getInputStream())).isEqualTo("HTTP/1.1 201 ");
        } finally {
            for (Socket socket : stalled) {
                socket.close();
            }
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.substring(0, Math.min(line.length(), 13));
    }
}
