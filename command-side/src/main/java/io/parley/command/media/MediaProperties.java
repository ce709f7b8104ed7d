package io.parley.command.media;

import io.parley.api.media.MediaKind;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code parley.media.*}: the size limit of each kind ({@code max-size.image} …), each user's storage quota, and how
 * long an upload nothing uses is kept. ({@code store} and {@code s3.*} choose the storage; the app reads them.)
 */
@ConfigurationProperties("parley.media")
public record MediaProperties(
        @DefaultValue MaxSize maxSize,
        @DefaultValue("2GB") DataSize quota,
        @DefaultValue("24h") Duration orphanTtl) {

    public record MaxSize(@DefaultValue("16MB") DataSize image,
                          @DefaultValue("64MB") DataSize video,
                          @DefaultValue("16MB") DataSize audio,
                          @DefaultValue("100MB") DataSize file) {
    }

    long limit(MediaKind kind) {
        return switch (kind) {
            case IMAGE -> maxSize.image().toBytes();
            case VIDEO -> maxSize.video().toBytes();
            case AUDIO -> maxSize.audio().toBytes();
            case FILE -> maxSize.file().toBytes();
        };
    }

    /** The largest upload any kind allows. */
    public long largest() {
        return Math.max(Math.max(maxSize.image().toBytes(), maxSize.video().toBytes()),
                Math.max(maxSize.audio().toBytes(), maxSize.file().toBytes()));
    }
}
