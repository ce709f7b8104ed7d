package io.parley.app.infra;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fast unique indexes for mongo-java-server's H2 backend. Its own index maps key on {@link KeyValue}, which H2's
 * generic type can only order by Java-serialising both sides of every comparison: half of the read store's time
 * under chat load went into that. Here index keys are ordered by Mongo's value order (ties by equality, then by
 * the serialised form, as before) and stored value by value. The order of an existing index file changes with
 * this, hence {@link ConsistentH2Backend}'s format marker.
 */
final class ReadStoreIndexes {

    private ReadStoreIndexes() {
    }

    static Index<Object> open(MVStore store, String mapName, String indexName, List<IndexKey> keys, boolean sparse) {
        MVMap<KeyValue, Object> map = store.openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueType()));
        return new UniqueIndex(map, indexName, keys, sparse);
    }

    /** As mongo-java-server's H2UniqueIndex (package-private there), on a map with {@link KeyValueType} keys. */
    private static final class UniqueIndex extends AbstractUniqueIndex<Object> {
        private final MVMap<KeyValue, Object> map;

        UniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }

    /** Index keys: compared value by value in Mongo's order, written as a count and H2's encoding of each value. */
    static final class KeyValueType extends BasicDataType<KeyValue> {
        private static final ValueComparator ORDER = ValueComparator.ascWithoutListHandling();
        private final ObjectDataType values = new ObjectDataType();

        @Override
        public int compare(KeyValue a, KeyValue b) {
            if (a == b) {
                return 0;
            }
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                int order = ORDER.compare(a.get(i), b.get(i));
                if (order != 0) {
                    return order;
                }
            }
            if (a.size() != b.size()) {
                return Integer.compare(a.size(), b.size());
            }
            // Mongo's order ties values that the index tells apart (1 and 1.0): fall back to H2's own order.
            return a.equals(b) ? 0 : values.compare(a, b);
        }

        @Override
        public int getMemory(KeyValue key) {
            int memory = 24;
            for (Object value : key) {
                memory += values.getMemory(value);
            }
            return memory;
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            buffer.putVarInt(key.size());
            for (Object value : key) {
                values.write(buffer, value);
            }
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            int size = DataUtils.readVarInt(buffer);
            List<Object> read = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                read.add(values.read(buffer));
            }
            return new KeyValue(read);
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }
}
