package io.parley.api.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where media bytes live (API.md "Media"): local files under the data dir, or an S3 bucket. The upload (command side)
 * stores, the worker (projections) makes thumbnails and deletes, the download (query side) reads; the app provides
 * the adapter. Keys are {@code <mediaId>/original} and {@code <mediaId>/thumbnail}.
 */
public interface MediaStore {

    void put(String key, Path file, String contentType) throws IOException;

    /** {@code length} bytes from {@code offset}; the caller closes the stream. */
    InputStream get(String key, long offset, long length) throws IOException;

    /** The whole object; the caller closes the stream. */
    InputStream get(String key) throws IOException;

    /** Deleting what is not there is no error. */
    void delete(String key) throws IOException;

    static String original(String mediaId) {
        return mediaId + "/original";
    }

    static String thumbnail(String mediaId) {
        return mediaId + "/thumbnail";
    }
}
