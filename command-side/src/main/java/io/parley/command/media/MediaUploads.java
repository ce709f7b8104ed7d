package io.parley.command.media;

import io.parley.api.ErrorCode;
import io.parley.api.media.MediaCommands.RegisterUpload;
import io.parley.api.media.MediaKind;
import io.parley.api.media.MediaQueries.FindMedia;
import io.parley.api.media.MediaQueries.FindMediaUsage;
import io.parley.api.media.MediaQueries.MediaView;
import io.parley.api.media.MediaStore;
import io.parley.command.support.ReadModel;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An upload from its part to a registered media: its type sniffed from the bytes, its limits checked, an image's
 * metadata stripped, the bytes put in the {@link MediaStore}, and {@code RegisterUpload} sent. Streamed through
 * temporary files, never held in memory.
 */
@Service
public class MediaUploads {

    /** What an upload is for: any media, or an avatar (PNG, JPEG or WebP up to 5 MiB, API.md "Users"). */
    public enum Purpose { MEDIA, AVATAR }

    private static final Logger log = LoggerFactory.getLogger(MediaUploads.class);
    private static final long AVATAR_LIMIT = 5L * 1024 * 1024;
    private static final Set<String> AVATAR_TYPES = Set.of("image/png", "image/jpeg", "image/webp");
    /** What a multipart request carries besides the file: boundaries and part headers. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final MediaStore store;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ReadModel readModel;
    private final MediaProperties properties;
    private final Clock clock;

    MediaUploads(MediaStore store, CommandGateway commands, QueryGateway queries, ReadModel readModel,
                 MediaProperties properties, Clock clock) {
        this.store = store;
        this.commands = commands;
        this.queries = queries;
        this.readModel = readModel;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The multipart request's {@code file} part stored as the owner's new media, answered as the read side shows it
     * (state {@code processing}). What its declared length already rules out is refused before the body is read (the
     * multipart request is parsed lazily): larger than any upload of this purpose may be, or than what is left of the
     * user's quota.
     */
    public MediaView upload(String ownerId, MultipartHttpServletRequest request, Purpose purpose) {
        long declared = request.getContentLengthLong();
        if (declared >= 0) {
            long payload = Math.max(0, declared - MULTIPART_OVERHEAD);
            long limit = purpose == Purpose.AVATAR ? AVATAR_LIMIT : properties.largest();
            if (payload > limit) {
                throw tooLarge(limit);
            }
            if (usage(ownerId) + payload > properties.quota().toBytes()) {
                throw quotaExceeded();
            }
        }
        MultipartFile part = request.getFile("file");
        if (part == null) {
            throw ErrorCode.VALIDATION_FAILED.exception("A multipart part named file is required.");
        }
        return upload(ownerId, part, purpose);
    }

    private MediaView upload(String ownerId, MultipartFile part, Purpose purpose) {
        Path received = null;
        Path stripped = null;
        try {
            received = Files.createTempFile("parley-upload-", ".bin");
            try (InputStream in = part.getInputStream()) {
                Files.copy(in, received, StandardCopyOption.REPLACE_EXISTING);
            }
            long receivedSize = Files.size(received);
            if (receivedSize == 0) {
                throw ErrorCode.VALIDATION_FAILED.exception("The file is empty.");
            }
            String contentType = MediaInspector.sniff(received);
            MediaKind kind = MediaInspector.kind(contentType);
            if (purpose == Purpose.AVATAR && !AVATAR_TYPES.contains(contentType)) {
                throw ErrorCode.MEDIA_TYPE_NOT_ALLOWED.exception("An avatar is a PNG, JPEG or WebP image; this is " + contentType + ".");
            }
            long limit = purpose == Purpose.AVATAR ? AVATAR_LIMIT : properties.limit(kind);
            if (receivedSize > limit) {
                throw tooLarge(limit);
            }
            Path stored = received;
            if (kind == MediaKind.IMAGE) {
                stripped = Files.createTempFile("parley-stripped-", ".bin");
                ImageStripper.strip(contentType, received, stripped);
                stored = stripped;
            }
            long size = Files.size(stored);
            if (usage(ownerId) + size > properties.quota().toBytes()) {
                throw quotaExceeded();
            }
            MediaInspector.Inspection inspection = MediaInspector.inspect(contentType, stored);
            String mediaId = UUID.randomUUID().toString();
            String sha256 = sha256(stored);
            try {
                store.put(MediaStore.original(mediaId), stored, contentType);
            } catch (IOException | RuntimeException unavailable) {
                log.warn("The media store did not take an upload: {}", unavailable.toString());
                throw ErrorCode.SERVICE_UNAVAILABLE.exception("The media store is unavailable; try again later.");
            }
            commands.sendAndWait(new RegisterUpload(mediaId, ownerId, kind, contentType, size, sha256,
                    FileNames.sanitize(part.getOriginalFilename()), inspection.width(), inspection.height(),
                    inspection.durationSeconds(), clock.instant()));
            return readModel.await(new FindMedia(mediaId, ownerId), MediaView.class, Objects::nonNull);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(received);
            deleteQuietly(stripped);
        }
    }

    private long usage(String ownerId) {
        return queries.query(new FindMediaUsage(ownerId), ResponseTypes.instanceOf(Long.class)).join();
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file);
                 OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                in.transferTo(sink);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException tooLarge(long limit) {
        return ErrorCode.MEDIA_TOO_LARGE.exception("The file is larger than the " + (limit / (1024 * 1024)) + " MiB allowed.");
    }

    private static RuntimeException quotaExceeded() {
        return ErrorCode.MEDIA_QUOTA_EXCEEDED.exception("This upload would exceed your storage quota.");
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file left behind is removed with the temporary directory.
            }
        }
    }
}
