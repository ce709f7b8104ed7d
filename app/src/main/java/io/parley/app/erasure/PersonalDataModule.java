package io.parley.app.erasure;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import io.parley.api.PersonalData;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The event serializer's Jackson module: a {@link PersonalData} field of an event record is written sealed
 * ({@link FieldSealer}) under its subject's key, and a sealed value is opened wherever a text is read. Aggregates,
 * projections and the audit see plain values, or {@value PersonalData#ERASED} once the key is gone; the stores hold
 * only ciphertext. A plain text where a sealed value belongs is an event written before sealing: it reads as it is.
 */
final class PersonalDataModule extends SimpleModule {

    private final transient FieldSealer sealer;

    PersonalDataModule(FieldSealer sealer) {
        super("parley-personal-data");
        this.sealer = sealer;
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                             List<BeanPropertyWriter> properties) {
                return sealing(description.getBeanClass(), properties);
            }
        });
    }

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addDeserializationProblemHandler(new Opening());
    }

    private List<BeanPropertyWriter> sealing(Class<?> type, List<BeanPropertyWriter> properties) {
        if (!type.isRecord()) {
            return properties;
        }
        List<BeanPropertyWriter> changed = new ArrayList<>(properties);
        for (RecordComponent component : type.getRecordComponents()) {
            PersonalData marking = component.getAnnotation(PersonalData.class);
            if (marking == null) {
                continue;
            }
            BeanPropertyWriter subject = properties.stream().filter(p -> p.getName().equals(marking.subject())).findFirst()
                    .orElseThrow(() -> new IllegalStateException(type.getName() + "." + component.getName()
                            + " names no subject field " + marking.subject()));
            for (int i = 0; i < changed.size(); i++) {
                if (changed.get(i).getName().equals(component.getName())) {
                    changed.set(i, new Sealing(changed.get(i), subject, marking.key(), sealer));
                }
            }
        }
        return changed;
    }

    /** Writes a marked text sealed under the key of the user its subject field names. */
    private static final class Sealing extends BeanPropertyWriter {

        private final BeanPropertyWriter subject;
        private final PersonalData.DataKey key;
        private final transient FieldSealer sealer;

        Sealing(BeanPropertyWriter base, BeanPropertyWriter subject, PersonalData.DataKey key, FieldSealer sealer) {
            super(base);
            this.subject = subject;
            this.key = key;
            this.sealer = sealer;
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator generator, SerializerProvider provider) throws Exception {
            if (!(get(bean) instanceof String text)) {
                super.serializeAsField(bean, generator, provider);
                return;
            }
            generator.writeFieldName(_name);
            sealer.write(generator, String.valueOf(subject.get(bean)), key, text);
        }
    }

    /** Jackson asks what to make of an object where a text belongs: a sealed value is opened, anything else fails. */
    private final class Opening extends DeserializationProblemHandler {
        @Override
        public Object handleUnexpectedToken(DeserializationContext context, JavaType targetType, JsonToken token,
                                            JsonParser parser, String failureMessage) throws IOException {
            if (token != JsonToken.START_OBJECT || !targetType.hasRawClass(String.class)) {
                return NOT_HANDLED;
            }
            JsonNode value = parser.readValueAsTree();
            if (!FieldSealer.isSealed(value)) {
                throw MismatchedInputException.from(parser, targetType, failureMessage);
            }
            return sealer.open(value);
        }
    }
}
