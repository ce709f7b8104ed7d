package io.parley.app.infra;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Index keys on disk are ordered by Mongo's value order, and worked out from documents as mongo-java-server does: the
 * direct comparisons and the direct key extraction must give the same answers.
 */
class ReadStoreTypesTest {

    private static final ValueComparator MONGO = ValueComparator.ascWithoutListHandling();

    @Test
    void directComparisonsOrderValuesAsMongosComparatorDoes() {
        Random random = new Random(25);
        List<Object> values = new ArrayList<>(List.of("", "a", "b", "ab", "é", "\uD83D\uDE00", "\uFFFF", "chat-1:10", "chat-1:9",
                0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE,
                1L << 53, (1L << 53) + 1, -(1L << 53), -(1L << 53) - 1, (1L << 60) + 1, (1L << 60) + 2, true,
                2.5, 1.0, 0.0, -0.0, 3.0, 3.25, Double.NaN, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, (double) Integer.MAX_VALUE, Integer.MAX_VALUE + 0.5,
                (double) (1L << 40), (1L << 40) + 0.5,
                Instant.EPOCH, Instant.parse("2026-11-27T12:00:00Z"), Instant.parse("2026-11-27T12:00:00.000000001Z")));
        for (int i = 0; i < 200; i++) {
            values.add(random.nextInt());
            values.add(random.nextLong());
            values.add((long) random.nextInt(1000));
            values.add(Long.toString(random.nextLong(), 36));
            values.add(new String(Character.toChars(random.nextInt(0x10FFFF))));
            values.add(Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)));
            values.add((double) random.nextInt(1000));
            values.add(random.nextDouble() * 4e9 - 2e9);
        }
        for (Object a : values) {
            for (Object b : values) {
                assertThat(Integer.signum(ReadStoreTypes.KeyValueType.order(a, b)))
                        .as("%s (%s) against %s (%s)", a, a.getClass().getSimpleName(), b, b.getClass().getSimpleName())
                        .isEqualTo(Integer.signum(MONGO.compare(a, b)));
            }
        }
    }

    @Test
    void keysOfTopLevelPlainValuesAreMongoJavaServersKeys() {
        List<Object> values = Arrays.asList(null, Missing.getInstance(), "", "chat-1", 0, 1, -1, 7L, Long.MAX_VALUE,
                (1L << 53) + 1, -(1L << 53) - 1, 1L << 53, 0.0, -0.0, 2.5, Double.NaN, 1.5f, new BigDecimal("12.25"), true,
                Instant.parse("2026-11-28T12:00:00Z"), new Date(0), new byte[]{1, 2});
        for (List<String> names : List.of(List.of("_id"), List.of("chatId", "seq"), List.of("participants", "updatedAt"))) {
            ReadStoreTypes.KeyNames keys = new ReadStoreTypes.KeyNames(indexKeys(names));
            MemoryUniqueIndex mongo = new MemoryUniqueIndex("test", indexKeys(names), false);
            for (Object first : values) {
                for (Object second : values) {
                    Document document = new Document("other", 1);
                    put(document, names.get(0), first);
                    if (names.size() > 1) {
                        put(document, names.get(1), second);
                    }
                    Set<KeyValue> direct = keys.valuesOf(document);
                    assertThat(direct).as("%s", document).isNotNull();
                    assertThat(direct).as("%s", document).isEqualTo(mongo.getKeyValues(document));
                }
            }
        }
    }

    @Test
    void arraysSubDocumentsAndPathsAreLeftToMongoJavaServer() {
        ReadStoreTypes.KeyNames keys = new ReadStoreTypes.KeyNames(indexKeys(List.of("participants", "updatedAt")));
        assertThat(keys.valuesOf(new Document("participants", List.of("a", "b")).append("updatedAt", 1))).isNull();
        assertThat(keys.valuesOf(new Document("participants", new Document("a", 1)))).isNull();
        assertThat(new ReadStoreTypes.KeyNames(indexKeys(List.of("media.id"))).valuesOf(new Document("media", new Document("id", "m"))))
                .isNull();
    }

    private static List<IndexKey> indexKeys(List<String> names) {
        return names.stream().map(name -> new IndexKey(name, true)).toList();
    }

    /** A value of the document, or no field at all for {@link Missing}. */
    private static void put(Document document, String name, Object value) {
        if (!(value instanceof Missing)) {
            document.put(name, value);
        }
    }
}

