package io.parley.app.erasure;

import io.parley.command.erasure.DataKeys;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ErasureConfig {

    /** Axon's own event serializer, replaced: the general (Jackson) serializer, sealing personal data. */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer, DataKeys keys) {
        return new PersonalDataSerializer((JacksonSerializer) serializer, new FieldSealer(keys));
    }
}
