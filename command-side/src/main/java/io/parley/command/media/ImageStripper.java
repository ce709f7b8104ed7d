package io.parley.command.media;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Set;

/**
 * Copies an image without its metadata (API.md: no EXIF, no GPS), losslessly where the format allows it: JPEG keeps
 * only its JFIF, ICC profile and Adobe segments; PNG drops its text, time and EXIF chunks; WebP drops its EXIF and
 * XMP chunks. A JPEG turned by its EXIF orientation is turned for real (decoded and encoded again), as its viewer
 * could no longer tell. A file that does not parse as its type is copied as it is: the worker then fails it.
 */
final class ImageStripper {

    private ImageStripper() {
    }

    /** Whether this type is stripped here (the image types Parley shows as images). */
    static boolean supports(String contentType) {
        return contentType.equals("image/jpeg") || contentType.equals("image/png") || contentType.equals("image/webp")
                || contentType.equals("image/gif");
    }

    /** Writes the stripped copy of {@code source} to {@code target}. */
    static void strip(String contentType, Path source, Path target) throws IOException {
        try {
            int orientation = contentType.equals("image/jpeg") ? jpegOrientation(source) : 0;
            if (orientation > 1 && turned(source, target, orientation)) {
                return;
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(source));
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(target))) {
                switch (contentType) {
                    case "image/jpeg" -> jpeg(new DataInputStream(in), new DataOutputStream(out));
                    case "image/png" -> png(new DataInputStream(in), new DataOutputStream(out));
                    case "image/webp" -> webp(source, out);
                    default -> in.transferTo(out);
                }
            }
        } catch (EOFException | MalformedImage notParsed) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static final class MalformedImage extends IOException {
        MalformedImage(String message) {
            super(message);
        }
    }

    /** Copies the segments before the image data that are no metadata, then the image data as it is. */
    private static void jpeg(DataInputStream in, DataOutputStream out) throws IOException {
        if (in.readUnsignedShort() != 0xFFD8) {
            throw new MalformedImage("no JPEG start");
        }
        out.writeShort(0xFFD8);
        for (int marker = nextMarker(in); marker != 0xFFDA && marker != 0xFFD9; marker = nextMarker(in)) {
            byte[] segment = segment(in);
            boolean metadata = marker == 0xFFFE
                    || (marker >= 0xFFE1 && marker <= 0xFFEF && marker != 0xFFEE && !(marker == 0xFFE2 && isIcc(segment)));
            if (!metadata) {
                out.writeShort(marker);
                out.writeShort(segment.length + 2);
                out.write(segment);
            }
        }
        in.transferTo(out);
    }

    /** The EXIF orientation of a JPEG (1 to 8), 0 when it has none. */
    private static int jpegOrientation(Path source) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(source)))) {
            if (in.readUnsignedShort() != 0xFFD8) {
                throw new MalformedImage("no JPEG start");
            }
            for (int marker = nextMarker(in); marker != 0xFFDA && marker != 0xFFD9; marker = nextMarker(in)) {
                byte[] segment = segment(in);
                if (marker == 0xFFE1 && orientation(segment) > 0) {
                    return orientation(segment);
                }
            }
            return 0;
        }
    }

    private static int nextMarker(DataInputStream in) throws IOException {
        int marker = in.readUnsignedShort();
        if ((marker & 0xFF00) != 0xFF00) {
            throw new MalformedImage("not a JPEG marker");
        }
        return marker;
    }

    private static byte[] segment(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        byte[] segment = in.readNBytes(Math.max(0, length - 2));
        if (length < 2 || segment.length != length - 2) {
            throw new EOFException();
        }
        return segment;
    }

    private static boolean isIcc(byte[] segment) {
        return new String(segment, 0, Math.min(12, segment.length), StandardCharsets.ISO_8859_1).equals("ICC_PROFILE\0");
    }

    /** The EXIF orientation (1 to 8) in an APP1 segment; 0 when it has none. */
    static int orientation(byte[] segment) {
        if (segment.length < 14 || !new String(segment, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
            return 0;
        }
        ByteBuffer tiff = ByteBuffer.wrap(segment, 6, segment.length - 6).slice();
        tiff.order(tiff.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = tiff.getInt(4);
        if (ifd < 8 || ifd + 2 > tiff.limit()) {
            return 0;
        }
        int entries = tiff.getShort(ifd) & 0xFFFF;
        for (int i = 0; i < entries && ifd + 2 + i * 12 + 12 <= tiff.limit(); i++) {
            int entry = ifd + 2 + i * 12;
            if ((tiff.getShort(entry) & 0xFFFF) == 0x0112) {
                int value = tiff.getShort(entry + 8) & 0xFFFF;
                return value >= 1 && value <= 8 ? value : 0;
            }
        }
        return 0;
    }

    /** Decodes, turns as the EXIF orientation says, and encodes again (without metadata); false if it does not decode. */
    private static boolean turned(Path source, Path target, int orientation) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(source.toFile());
        } catch (IOException | RuntimeException undecodable) {
            return false;
        }
        if (image == null) {
            return false;
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(target))) {
            writer.setOutput(out);
            ImageWriteParam quality = writer.getDefaultWriteParam();
            quality.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            quality.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(upright(image, orientation), null, null), quality);
        } finally {
            writer.dispose();
        }
        return true;
    }

    static BufferedImage upright(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(Math.PI / 2); t.scale(1, -1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.translate(h, w); t.scale(1, -1); t.rotate(Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(3 * Math.PI / 2); }
            default -> {
                return image;
            }
        }
        boolean swapped = orientation >= 5;
        BufferedImage turned = new BufferedImage(swapped ? h : w, swapped ? w : h, BufferedImage.TYPE_INT_RGB);
        new AffineTransformOp(t, AffineTransformOp.TYPE_BICUBIC).filter(toRgb(image), turned);
        return turned;
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        return rgb;
    }

    private static final Set<String> PNG_METADATA = Set.of("tEXt", "zTXt", "iTXt", "eXIf", "tIME");

    private static void png(DataInputStream in, DataOutputStream out) throws IOException {
        byte[] signature = in.readNBytes(8);
        if (signature.length != 8 || signature[1] != 'P' || signature[2] != 'N' || signature[3] != 'G') {
            throw new MalformedImage("no PNG signature");
        }
        out.write(signature);
        while (true) {
            int length = in.readInt();
            byte[] type = in.readNBytes(4);
            if (length < 0 || type.length != 4) {
                throw new MalformedImage("bad PNG chunk");
            }
            String name = new String(type, StandardCharsets.ISO_8859_1);
            if (PNG_METADATA.contains(name)) {
                in.skipNBytes(length + 4L);
                continue;
            }
            out.writeInt(length);
            out.write(type);
            copy(in, out, length + 4L);
            if (name.equals("IEND")) {
                return;
            }
        }
    }

    /** RIFF chunks of a WebP; its EXIF and XMP chunks dropped, and the extended header's flags for them cleared. */
    private static void webp(Path source, OutputStream target) throws IOException {
        ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(source)).order(ByteOrder.LITTLE_ENDIAN);
        if (file.limit() < 12 || file.getInt(0) != 0x46464952 || file.getInt(8) != 0x50424557) {
            throw new MalformedImage("no WebP header");
        }
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        int at = 12;
        while (at + 8 <= file.limit()) {
            String name = new String(file.array(), at, 4, StandardCharsets.ISO_8859_1);
            int size = file.getInt(at + 4);
            int padded = size + (size & 1);
            if (size < 0 || at + 8 + padded > file.limit()) {
                throw new MalformedImage("bad WebP chunk");
            }
            if (!name.equals("EXIF") && !name.equals("XMP ")) {
                byte[] chunk = Arrays.copyOfRange(file.array(), at, at + 8 + padded);
                if (name.equals("VP8X") && size >= 1) {
                    chunk[8] &= (byte) ~0x0C;
                }
                chunks.write(chunk);
            }
            at += 8 + padded;
        }
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(0x46464952).putInt(4 + chunks.size()).putInt(0x50424557);
        target.write(header.array());
        chunks.writeTo(target);
    }

    private static void copy(InputStream in, OutputStream out, long count) throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException();
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }
}
