package io.parley.app.erasure;

import io.parley.command.erasure.DataKeys;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ErasureConfig {

    /**
     * Axon's event serializer, replaced: the general Jackson serializer's configuration, sealing personal data
     * ({@link PersonalDataModule}) in a mapper of its own, so commands and queries stay as they are.
     */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer, RevisionResolver revisionResolver, DataKeys keys) {
        return JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .objectMapper(((JacksonSerializer) serializer).getObjectMapper().copy()
                        .registerModule(new PersonalDataModule(new FieldSealer(keys))))
                .build();
    }
}
