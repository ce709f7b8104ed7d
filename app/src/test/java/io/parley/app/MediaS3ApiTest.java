package io.parley.app;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;

/**
 * {@link MediaApiTest} with the media in an S3 bucket: an S3Proxy server on an in-memory backend, started by this test
 * on a free port, reached through the AWS SDK with path-style access and signed requests.
 */
class MediaS3ApiTest extends MediaApiTest {

    private static final String BUCKET = "parley-media";
    private static final S3Proxy S3 = startS3();

    private static S3Proxy startS3() {
        System.setProperty("aws.accessKeyId", "parley-test-access");
        System.setProperty("aws.secretAccessKey", "parley-test-secret");
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("parley-test-access", "parley-test-secret").build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "parley-test-access", "parley-test-secret")
                .build();
        try {
            proxy.start();
            while (!proxy.getState().equals("STARTED")) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        return proxy;
    }

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        registry.add("parley.media.store", () -> "s3");
        registry.add("parley.media.s3.bucket", () -> BUCKET);
        registry.add("parley.media.s3.endpoint", () -> "http://127.0.0.1:" + S3.getPort());
        registry.add("parley.media.s3.path-style", () -> "true");
        registry.add("parley.media.s3.region", () -> "us-east-1");
    }
}
