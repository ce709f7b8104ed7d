package io.parley.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.api.user.PublicUserView;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * API.md: unknown fields are ignored, but a value of the wrong type is a 400, never silently converted.
 * The public user view shows phone and email only when they are there (to connections).
 */
@Configuration(proxyBeanMethods = false)
class JsonConfig {

    abstract static class PublicUserViewJson {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract String phone();

        @JsonInclude(JsonInclude.Include.NON_NULL)
        abstract String email();
    }

    @Bean
    JsonMapperBuilderCustomizer strictTypes() {
        return builder -> builder
                .addMixIn(PublicUserView.class, PublicUserViewJson.class)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
