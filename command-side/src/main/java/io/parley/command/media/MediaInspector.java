package io.parley.command.media;

import io.parley.api.media.MediaKind;
import org.apache.tika.Tika;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Set;

/**
 * What an upload is, from its bytes only (never the client's header or file name): the type sniffed by Tika, the
 * kind, an image's size (from its header), and where it is cheap a video's size and a video's or audio's length
 * (MP4/QuickTime boxes, WAV headers).
 */
final class MediaInspector {

    record Inspection(String contentType, MediaKind kind, Integer width, Integer height, Double durationSeconds) {
    }

    private static final Tika TIKA = new Tika();
    private static final Set<String> WAVE_TYPES = Set.of("audio/vnd.wave", "audio/wav", "audio/x-wav");

    private MediaInspector() {
    }

    static String sniff(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return TIKA.detect(in);
        }
    }

    /**
     * JPEG, PNG, WebP and GIF are images; other image types (SVG above all, which can carry scripts) are files,
     * served as attachments, as is everything neither video nor audio.
     */
    static MediaKind kind(String contentType) {
        if (ImageStripper.supports(contentType)) {
            return MediaKind.IMAGE;
        }
        if (contentType.startsWith("video/")) {
            return MediaKind.VIDEO;
        }
        return contentType.startsWith("audio/") ? MediaKind.AUDIO : MediaKind.FILE;
    }

    static Inspection inspect(String contentType, Path file) throws IOException {
        MediaKind kind = kind(contentType);
        return switch (kind) {
            case IMAGE -> {
                int[] size = imageSize(file);
                yield new Inspection(contentType, kind, size == null ? null : size[0], size == null ? null : size[1], null);
            }
            case VIDEO, AUDIO -> {
                Movie movie = isMp4Family(file) ? mp4(file) : WAVE_TYPES.contains(contentType)
                        ? wav(file) : new Movie(null, null, null);
                yield new Inspection(contentType, kind, kind == MediaKind.VIDEO ? movie.width() : null,
                        kind == MediaKind.VIDEO ? movie.height() : null, movie.seconds());
            }
            case FILE -> new Inspection(contentType, kind, null, null, null);
        };
    }

    /** Width and height from the image's header, or null when no reader understands it. */
    private static int[] imageSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[]{reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private record Movie(Integer width, Integer height, Double seconds) {
    }

    private static boolean isMp4Family(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            ByteBuffer head = ByteBuffer.allocate(8);
            return channel.read(head, 0) == 8 && new String(head.array(), 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp");
        }
    }

    /** The movie's length ({@code moov/mvhd}) and its first track's picture size ({@code moov/trak/tkhd}). */
    private static Movie mp4(Path file) {
        try (FileChannel channel = FileChannel.open(file)) {
            long[] moov = findBox(channel, 0, channel.size(), "moov");
            if (moov == null) {
                return new Movie(null, null, null);
            }
            Double seconds = null;
            long[] mvhd = findBox(channel, moov[0], moov[1], "mvhd");
            if (mvhd != null) {
                ByteBuffer box = read(channel, mvhd[0], (int) Math.min(mvhd[1] - mvhd[0], 32));
                boolean wide = box.get(0) == 1;
                long timescale = Integer.toUnsignedLong(box.getInt(wide ? 20 : 12));
                long duration = wide ? box.getLong(24) : Integer.toUnsignedLong(box.getInt(16));
                seconds = timescale == 0 ? null : Math.round(duration * 1000.0 / timescale) / 1000.0;
            }
            Integer width = null;
            Integer height = null;
            for (long at = moov[0]; at < moov[1] && width == null; ) {
                long[] trak = findBox(channel, at, moov[1], "trak");
                if (trak == null) {
                    break;
                }
                long[] tkhd = findBox(channel, trak[0], trak[1], "tkhd");
                if (tkhd != null && tkhd[1] - tkhd[0] >= 84) {
                    ByteBuffer box = read(channel, tkhd[1] - 8, 8);
                    int w = box.getInt(0) >>> 16;
                    int h = box.getInt(4) >>> 16;
                    if (w > 0 && h > 0) {
                        width = w;
                        height = h;
                    }
                }
                at = trak[1];
            }
            return new Movie(width, height, seconds);
        } catch (IOException | RuntimeException unreadable) {
            return new Movie(null, null, null);
        }
    }

    /** The content range [start, end) of the first box of {@code type} between {@code from} and {@code to}. */
    private static long[] findBox(FileChannel channel, long from, long to, String type) throws IOException {
        long at = from;
        while (at + 8 <= to) {
            ByteBuffer header = read(channel, at, 16);
            long size = Integer.toUnsignedLong(header.getInt(0));
            String name = new String(header.array(), 4, 4, StandardCharsets.ISO_8859_1);
            int headerSize = 8;
            if (size == 1) {
                size = header.getLong(8);
                headerSize = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < headerSize) {
                return null;
            }
            if (name.equals(type)) {
                return new long[]{at + headerSize, Math.min(to, at + size)};
            }
            at += size;
        }
        return null;
    }

    /** A WAV's length: its data chunk's size over its bytes per second. */
    private static Movie wav(Path file) {
        try (FileChannel channel = FileChannel.open(file)) {
            long byteRate = 0;
            for (long at = 12; at + 8 <= channel.size(); ) {
                ByteBuffer header = read(channel, at, 20).order(ByteOrder.LITTLE_ENDIAN);
                String name = new String(header.array(), 0, 4, StandardCharsets.ISO_8859_1);
                long size = Integer.toUnsignedLong(header.getInt(4));
                if (name.equals("fmt ")) {
                    byteRate = Integer.toUnsignedLong(header.getInt(16));
                } else if (name.equals("data") && byteRate > 0) {
                    return new Movie(null, null, Math.round(size * 1000.0 / byteRate) / 1000.0);
                }
                at += 8 + size + (size & 1);
            }
        } catch (IOException | RuntimeException unreadable) {
            return new Movie(null, null, null);
        }
        return new Movie(null, null, null);
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        int read;
        do {
            read = channel.read(buffer, position + buffer.position());
        } while (read > 0 && buffer.hasRemaining());
        return buffer.flip().limit(length).order(ByteOrder.BIG_ENDIAN);
    }
}
