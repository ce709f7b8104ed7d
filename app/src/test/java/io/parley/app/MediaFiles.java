package io.parley.app;

import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** Test files (images made here, one with EXIF) and a client for multipart uploads and byte downloads. */
final class MediaFiles {

    record Download(int status, HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BOUNDARY = "parley-test-boundary";
    static final String MULTIPART_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private MediaFiles() {
    }

    static byte[] png(int width, int height) {
        return image("png", width, height);
    }

    /** A PNG signature and header followed by garbage: sniffed as PNG, never decodable. */
    static byte[] corruptPng() {
        byte[] corrupt = Arrays.copyOf(png(10, 10), 60);
        Arrays.fill(corrupt, 16, 60, (byte) 0x5A);
        return corrupt;
    }

    static byte[] jpeg(int width, int height) {
        return image("jpeg", width, height);
    }

    /**
     * A JPEG with an EXIF segment holding a description ({@code secret}) and an orientation: what a phone's photo of
     * a place carries.
     */
    static byte[] jpegWithExif(int width, int height, int orientation, String secret) {
        byte[] plain = jpeg(width, height);
        byte[] text = (secret + "\0").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 2 * 12 + 4 + text.length);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x010E).putShort((short) 2).putInt(text.length).putInt(8 + 2 + 2 * 12 + 4);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        tiff.put(text);
        byte[] exif = ByteBuffer.allocate(6 + tiff.capacity()).put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1)).put(tiff.array()).array();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.writeBytes(exif);
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    /** A second of silence as a WAV (8 kHz, 8 bit, mono). */
    static byte[] wav(double seconds) {
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(8000, 8, 1, true, false);
        byte[] samples = new byte[(int) (8000 * seconds)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            javax.sound.sampled.AudioSystem.write(new javax.sound.sampled.AudioInputStream(new ByteArrayInputStream(samples), format,
                    samples.length), javax.sound.sampled.AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The boxes of an MP4 that say what it is: {@code ftyp}, and {@code moov} with the movie's header and one track's. */
    static byte[] mp4(int width, int height, int milliseconds) {
        ByteBuffer ftyp = ByteBuffer.allocate(24).putInt(24).put(ascii("ftyp")).put(ascii("mp42")).putInt(0)
                .put(ascii("isom")).put(ascii("mp41"));
        ByteBuffer mvhd = ByteBuffer.allocate(108).putInt(108).put(ascii("mvhd")).putInt(0).putInt(0).putInt(0)
                .putInt(1000).putInt(milliseconds);
        ByteBuffer tkhd = ByteBuffer.allocate(92).putInt(92).put(ascii("tkhd"));
        tkhd.position(84);
        tkhd.putInt(width << 16).putInt(height << 16);
        ByteBuffer trak = ByteBuffer.allocate(8 + 92).putInt(100).put(ascii("trak")).put(tkhd.array());
        ByteBuffer moov = ByteBuffer.allocate(8 + 108 + 100).putInt(216).put(ascii("moov")).put(mvhd.array()).put(trak.array());
        ByteBuffer mdat = ByteBuffer.allocate(16).putInt(16).put(ascii("mdat")).putLong(0);
        return ByteBuffer.allocate(24 + 216 + 16).put(ftyp.array()).put(moov.array()).put(mdat.array()).array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static int[] size(byte[] image) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
            return new int[]{decoded.getWidth(), decoded.getHeight()};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] image(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(0, 0, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A multipart request with one part {@code file} (declared as {@code application/octet-stream}: never trusted). */
    static Api.Response upload(int port, String method, String path, String token, String fileName, byte[] bytes) {
        return send(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", MULTIPART_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(multipart(fileName, bytes))));
    }

    /** The body of {@link #upload}'s request: {@code bytes} as the part {@code file}. */
    static byte[] multipart(String fileName, byte[] bytes) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(bytes);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    static Api.Response send(int port, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(response.statusCode(), response, response.body().isEmpty()
                    ? tools.jackson.databind.json.JsonMapper.builder().build().missingNode()
                    : tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The media JSON once the worker is done with it (ready or failed). */
    static JsonNode processed(Api api, String token, String mediaId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode info;
        do {
            info = api.get("/api/media/" + mediaId + "/info", token).json();
            if (!info.path("state").asString().equals("processing")) {
                return info;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("still processing: " + info);
    }

    static Download download(int port, String path, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
