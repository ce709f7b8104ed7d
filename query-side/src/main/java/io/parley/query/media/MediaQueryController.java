package io.parley.query.media;

import io.parley.api.ErrorCode;
import io.parley.api.media.MediaQueries.FindMedia;
import io.parley.api.media.MediaQueries.MediaView;
import io.parley.api.media.MediaStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.Principal;
import java.util.List;
import java.util.Set;

/**
 * API.md "Media" reads: the bytes (with ranges and validators), the thumbnail and the media JSON, each only to those
 * who may see the media (404 {@code media_not_found} for everyone else). Responses never render as a page of ours:
 * {@code nosniff}, a sandboxing content security policy, and anything but an image, video or audio as an attachment.
 */
@RestController
class MediaQueryController {

    private static final Set<String> INLINE = Set.of("image", "video", "audio");
    private static final String SANDBOX = "default-src 'none'; sandbox";

    private final QueryGateway queries;
    private final MediaStore store;

    MediaQueryController(QueryGateway queries, MediaStore store) {
        this.queries = queries;
        this.store = store;
    }

    @GetMapping("/api/media/{mediaId}/info")
    MediaView info(Principal principal, @PathVariable String mediaId) {
        return visible(principal, mediaId);
    }

    @GetMapping("/api/media/{mediaId}")
    ResponseEntity<StreamingResponseBody> download(Principal principal, @PathVariable String mediaId,
                                                   @RequestHeader(value = HttpHeaders.RANGE, required = false) String range,
                                                   @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) throws IOException {
        MediaView media = visible(principal, mediaId);
        String etag = "\"" + media.sha256() + "\"";
        HttpHeaders headers = headers(etag);
        headers.setContentDisposition((INLINE.contains(media.kind()) ? ContentDisposition.inline() : ContentDisposition.attachment())
                .filename(media.fileName(), StandardCharsets.UTF_8).build());
        headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
        if (matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
        }
        headers.setContentType(MediaType.parseMediaType(media.contentType()));
        long size = media.size();
        List<HttpRange> ranges = parse(range);
        if (ranges.size() != 1) {
            headers.setContentLength(size);
            return ResponseEntity.ok().headers(headers).body(bytes(MediaStore.original(mediaId), 0, size));
        }
        long start;
        long end;
        try {
            start = ranges.get(0).getRangeStart(size);
            end = ranges.get(0).getRangeEnd(size);
        } catch (IllegalArgumentException unsatisfiable) {
            start = size;
            end = size;
        }
        if (start >= size || end < start) {
            headers.set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).headers(headers).build();
        }
        headers.set(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        headers.setContentLength(end - start + 1);
        return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).headers(headers)
                .body(bytes(MediaStore.original(mediaId), start, end - start + 1));
    }

    @GetMapping("/api/media/{mediaId}/thumbnail")
    ResponseEntity<StreamingResponseBody> thumbnail(Principal principal, @PathVariable String mediaId,
                                                    @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) throws IOException {
        MediaView media = visible(principal, mediaId);
        if (media.thumbnailUrl() == null) {
            throw ErrorCode.NOT_FOUND.exception("This media has no thumbnail.");
        }
        String etag = "\"" + media.sha256() + "-thumbnail\"";
        HttpHeaders headers = headers(etag);
        if (matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
        }
        headers.setContentType(MediaType.IMAGE_JPEG);
        headers.setContentDisposition(ContentDisposition.inline().build());
        return ResponseEntity.ok().headers(headers).body(send(opened(() -> store.get(MediaStore.thumbnail(mediaId)))));
    }

    private MediaView visible(Principal principal, String mediaId) {
        MediaView media = queries.query(new FindMedia(mediaId, principal.getName()), ResponseTypes.instanceOf(MediaView.class)).join();
        if (media == null) {
            throw ErrorCode.MEDIA_NOT_FOUND.exception("No such media.");
        }
        return media;
    }

    /** Media never change, so a validator holds for good; private: access differs per user. */
    private static HttpHeaders headers(String etag) {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(etag);
        headers.setCacheControl("private, max-age=31536000, immutable");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", SANDBOX);
        return headers;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        return ifNoneMatch != null && (ifNoneMatch.trim().equals("*")
                || List.of(ifNoneMatch.split(",")).stream().map(String::trim).anyMatch(tag -> tag.equals(etag) || tag.equals("W/" + etag)));
    }

    /** A malformed Range header is ignored (the whole body is sent), as RFC 9110 allows. */
    private static List<HttpRange> parse(String range) {
        if (range == null) {
            return List.of();
        }
        try {
            return HttpRange.parseRanges(range);
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }

    private StreamingResponseBody bytes(String key, long offset, long length) throws IOException {
        return send(opened(() -> store.get(key, offset, length)));
    }

    /**
     * Opens the bytes before the status is sent: media deleted after its read model was read (a deletion racing this
     * download, or the worker's clean-up) is a 404 then, not a response cut short. Once open, a local file or an S3
     * response stays readable to the end even if it is deleted meanwhile.
     */
    private static InputStream opened(Opener opener) throws IOException {
        try {
            return opener.open();
        } catch (NoSuchFileException gone) {
            throw ErrorCode.MEDIA_NOT_FOUND.exception("No such media.");
        }
    }

    private static StreamingResponseBody send(InputStream opened) {
        return out -> {
            try (InputStream in = opened) {
                in.transferTo(out);
            }
        };
    }

    private interface Opener {
        InputStream open() throws IOException;
    }
}
