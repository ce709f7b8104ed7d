package io.parley.app.media;

import io.parley.api.media.MediaStore;
import io.parley.command.media.MediaProperties;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Where media bytes live ({@code parley.media.store}: {@code local} under the data dir, or {@code s3}), and the
 * multipart limits of uploads: files go to disk as they arrive, never into memory, and no request may be larger than
 * the largest upload allowed.
 */
@Configuration(proxyBeanMethods = false)
class MediaConfig {

    /** What a multipart request may carry beyond its file: boundaries and part headers. */
    private static final long MULTIPART_OVERHEAD = 1024 * 1024;

    MediaConfig() {
        // ImageIO finds the decoders on the class path (WebP and better JPEG support) only when asked to look.
        ImageIO.scanForPlugins();
    }

    @Bean
    @ConditionalOnProperty(name = "parley.media.store", havingValue = "local", matchIfMissing = true)
    MediaStore localMediaStore(@Value("${parley.data-dir}") Path dataDir) throws IOException {
        return new LocalMediaStore(dataDir.resolve("media").toAbsolutePath());
    }

    /**
     * Credentials come from the AWS default chain (environment, system properties, profile, instance role). With an
     * endpoint of its own (an S3-compatible server), checksums are sent only where S3 requires them: the SDK's newer
     * default (checksum trailers on every upload) is not understood by every S3-compatible server.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "parley.media.store", havingValue = "s3")
    S3Client mediaS3(@Value("${parley.media.s3.region:us-east-1}") String region,
                     @Value("${parley.media.s3.endpoint:}") String endpoint,
                     @Value("${parley.media.s3.path-style:false}") boolean pathStyle) {
        S3ClientBuilder builder = S3Client.builder().region(Region.of(region)).forcePathStyle(pathStyle);
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint))
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    @Bean
    @ConditionalOnProperty(name = "parley.media.store", havingValue = "s3")
    MediaStore s3MediaStore(S3Client mediaS3, @Value("${parley.media.s3.bucket}") String bucket) {
        return new S3MediaStore(mediaS3, bucket);
    }

    @Bean
    MultipartConfigElement multipartConfig(MediaProperties media) {
        return new MultipartConfigElement(null, media.largest(), media.largest() + MULTIPART_OVERHEAD, 0);
    }
}
