package io.parley.app.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.parley.api.PersonalData;
import io.parley.api.PersonalData.DataKey;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;

/**
 * The event serializer: Jackson, with the {@link PersonalData} fields of events sealed on the way into the event
 * store (and the dead-letter queues) and opened on the way out. Aggregates, projections and the audit see plain
 * values, or {@value PersonalData#ERASED} once the key is gone; the store holds only ciphertext. Upcasters see the
 * stored form. A plain text where a sealed value is expected is an event written before sealing: it reads as it is.
 */
final class PersonalDataSerializer implements Serializer {

    private record MarkedField(String name, String subject, DataKey key) {
    }

    private final JacksonSerializer json;
    private final FieldSealer sealer;
    private final ClassValue<List<MarkedField>> marked = new ClassValue<>() {
        @Override
        protected List<MarkedField> computeValue(Class<?> type) {
            return markedFields(type);
        }
    };

    PersonalDataSerializer(JacksonSerializer json, FieldSealer sealer) {
        this.json = json;
        this.sealer = sealer;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        List<MarkedField> fields = object == null ? List.of() : marked.get(object.getClass());
        if (fields.isEmpty()) {
            return json.serialize(object, expectedRepresentation);
        }
        ObjectNode tree = json.getObjectMapper().valueToTree(object);
        for (MarkedField field : fields) {
            JsonNode value = tree.get(field.name());
            if (value != null && value.isTextual()) {
                tree.set(field.name(), sealer.seal(tree.path(field.subject()).asText(), field.key(), value.textValue()));
            }
        }
        return getConverter().convert(new SimpleSerializedObject<>(tree, JsonNode.class, typeForClass(object.getClass())),
                expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        List<MarkedField> fields = marked.get(classForType(serializedObject.getType()));
        if (fields.isEmpty()) {
            return json.deserialize(serializedObject);
        }
        JsonNode stored = getConverter().convert(serializedObject, JsonNode.class).getData();
        // An upcaster's tree may be read again: open a copy.
        ObjectNode tree = (ObjectNode) (stored == serializedObject.getData() ? stored.deepCopy() : stored);
        for (MarkedField field : fields) {
            JsonNode value = tree.get(field.name());
            if (FieldSealer.isSealed(value)) {
                tree.set(field.name(), TextNode.valueOf(sealer.open(value)));
            }
        }
        return json.deserialize(new SimpleSerializedObject<>(tree, JsonNode.class, serializedObject.getType()));
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return json.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return json.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return json.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return json.getConverter();
    }

    private static List<MarkedField> markedFields(Class<?> type) {
        if (!type.isRecord()) {
            return List.of();
        }
        RecordComponent[] components = type.getRecordComponents();
        List<MarkedField> fields = Arrays.stream(components)
                .filter(component -> component.isAnnotationPresent(PersonalData.class))
                .map(component -> {
                    PersonalData marking = component.getAnnotation(PersonalData.class);
                    return new MarkedField(component.getName(), marking.subject(), marking.key());
                })
                .toList();
        fields.forEach(field -> {
            if (Arrays.stream(components).noneMatch(component -> component.getName().equals(field.subject()))) {
                throw new IllegalStateException(type.getName() + "." + field.name() + " names no subject field " + field.subject());
            }
        });
        return fields;
    }
}
