package io.parley.app.infra;

import de.bwaldvogel.mongo.backend.ValueComparator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Index keys on disk are ordered by Mongo's value order: the direct comparisons must give the same answers. */
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
}
