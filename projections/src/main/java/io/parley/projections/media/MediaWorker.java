package io.parley.projections.media;

import io.parley.api.ErrorCode;
import io.parley.api.ParleyException;
import io.parley.api.PersonalData.DataKey;
import io.parley.api.media.MediaCommands.CompleteProcessing;
import io.parley.api.media.MediaCommands.DeleteMedia;
import io.parley.api.media.MediaCommands.FailProcessing;
import io.parley.api.media.MediaEvents.MediaDeleted;
import io.parley.api.media.MediaEvents.MediaUploaded;
import io.parley.api.media.MediaKind;
import io.parley.api.media.MediaStore;
import io.parley.api.user.UserEvents.PersonalDataErased;
import net.coobird.thumbnailator.Thumbnails;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The media worker: makes each uploaded image's thumbnail (JPEG, longest side at most 320 px) and marks the media
 * ready, or failed when the image cannot be decoded (once: a bad image is a result, not an error to retry); other
 * kinds are ready at once. Deletes the bytes of deleted media, and an erased user's uploads. A tracking processor with dead letters like the
 * projections: an error of the store is retried, then parked.
 */
@Component
@ProcessingGroup(MediaWorker.GROUP)
class MediaWorker {

    static final String GROUP = "media-worker";
    private static final Logger log = LoggerFactory.getLogger(MediaWorker.class);
    private static final int THUMBNAIL = 320;
    /** Images are decoded subsampled to about this size at most, so a huge photo needs little memory. */
    private static final int DECODED = 1280;
    /** Pixels an image may claim at most: more is a decompression bomb, not a photo. */
    private static final long MAX_PIXELS = 200_000_000L;

    private final MediaStore store;
    private final CommandGateway commands;
    private final MongoTemplate mongo;
    private final Clock clock;

    MediaWorker(MediaStore store, CommandGateway commands, MongoTemplate mongo, Clock clock) {
        this.store = store;
        this.commands = commands;
        this.mongo = mongo;
        this.clock = clock;
    }

    @EventHandler
    void on(MediaUploaded event) throws IOException {
        if (event.kind() != MediaKind.IMAGE) {
            send(new CompleteProcessing(event.mediaId(), false, clock.instant()));
            return;
        }
        Path thumbnail = Files.createTempFile("parley-thumbnail-", ".jpg");
        try {
            BufferedImage image;
            try (InputStream original = store.get(MediaStore.original(event.mediaId()))) {
                image = decode(original);
            } catch (NoSuchFileException deletedSince) {
                return;
            } catch (UndecodableImage e) {
                send(new FailProcessing(event.mediaId(), e.getMessage(), clock.instant()));
                return;
            }
            boolean small = Math.max(image.getWidth(), image.getHeight()) <= THUMBNAIL;
            Thumbnails.Builder<BufferedImage> builder = Thumbnails.of(image).imageType(BufferedImage.TYPE_INT_RGB)
                    .outputFormat("jpg").outputQuality(0.8);
            (small ? builder.scale(1.0) : builder.size(THUMBNAIL, THUMBNAIL)).toFile(thumbnail.toFile());
            store.put(MediaStore.thumbnail(event.mediaId()), thumbnail, "image/jpeg");
            send(new CompleteProcessing(event.mediaId(), true, clock.instant()));
        } finally {
            Files.deleteIfExists(thumbnail);
        }
    }

    /**
     * An erased user's uploads go too: those no chat shows (the avatar, unsent uploads), and with their messages
     * erased every one. What the {@code media} read model knows of them is enough: an upload it has not seen yet is
     * not in a chat, and ends as an orphan.
     */
    @EventHandler
    void on(PersonalDataErased event) {
        Query theirs = query(where("ownerId").is(event.userId()));
        if (!event.erased(DataKey.MESSAGES)) {
            theirs.addCriteria(where("chats").size(0));
        }
        theirs.fields().include("_id");
        for (Document media : mongo.find(theirs, Document.class, MediaViews.COLLECTION)) {
            send(new DeleteMedia(media.getString("_id"), event.userId(), event.at()));
        }
    }

    @EventHandler
    void on(MediaDeleted event) throws IOException {
        store.delete(MediaStore.original(event.mediaId()));
        store.delete(MediaStore.thumbnail(event.mediaId()));
    }

    private static final class UndecodableImage extends Exception {
        UndecodableImage(String message) {
            super(message);
        }
    }

    /** The image, subsampled while it is read when it is large. */
    private static BufferedImage decode(InputStream original) throws IOException, UndecodableImage {
        try (ImageInputStream in = ImageIO.createImageInputStream(original)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new UndecodableImage("no decoder for this image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if ((long) width * height > MAX_PIXELS) {
                    throw new UndecodableImage("the image claims " + width + "x" + height + " pixels");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / DECODED);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (image == null) {
                    throw new UndecodableImage("the image decodes to nothing");
                }
                return image;
            } catch (IOException | RuntimeException e) {
                throw new UndecodableImage("the image cannot be decoded: " + e.getMessage());
            } finally {
                reader.dispose();
            }
        }
    }

    /** A media deleted meanwhile needs nothing more. */
    private void send(Object command) {
        try {
            commands.sendAndWait(command);
        } catch (ParleyException e) {
            if (e.errorCode() != ErrorCode.AGGREGATE_NOT_FOUND) {
                throw e;
            }
            log.debug("Media of {} deleted while it was processed", command);
        }
    }
}
