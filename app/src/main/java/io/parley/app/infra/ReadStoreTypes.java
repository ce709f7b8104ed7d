package io.parley.app.infra;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data types for mongo-java-server's H2 backend, which leaves both its index keys and its documents to H2's generic
 * type: that one orders index keys ({@link KeyValue}) by Java-serialising both sides of every comparison (half of
 * the read store's time under chat load went into that) and stores documents Java-serialised. Here index keys are
 * ordered by Mongo's value order (ties by equality, then by the serialised form, as before) and stored value by
 * value, and documents are stored as BSON. Files written otherwise cannot be read with these, hence
 * {@link ConsistentH2Backend}'s format marker.
 */
final class ReadStoreTypes {

    private ReadStoreTypes() {
    }

    static Index<Object> openIndex(MVStore store, String mapName, String indexName, List<IndexKey> keys, boolean sparse) {
        MVMap<KeyValue, Object> map = store.openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueType()));
        return new UniqueIndex(map, indexName, keys, sparse);
    }

    static Index<Object> openSecondaryIndex(MVStore store, String mapName, String indexName, List<IndexKey> keys, boolean sparse) {
        MVMap<KeyValue, Object> map = store.openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(new KeyValueType()));
        return new SecondaryIndex(map, indexName, keys, sparse);
    }

    static MVMap<Object, Document> openDocuments(MVStore store, String mapName) {
        return store.openMap(mapName, new MVMap.Builder<Object, Document>().valueType(new DocumentType()));
    }

    /**
     * As mongo-java-server's H2UniqueIndex (package-private there), on a map with {@link KeyValueType} keys, and also
     * answering queries with more conditions than its keys, and range queries: an exact match on its keys serves a
     * query whatever it asks of other fields, and a compound index whose first key the query names by equality
     * serves a query on that key with comparisons ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}) or nothing
     * on its second key, other keys aside. mongo-java-server's own indexes answer queries on exactly their keys only,
     * so a history page ({@code chatId} and a {@code seq} range) and a chat by id for a member ({@code _id} and
     * {@code participants}) read and matched every document of their collection. The positions given are
     * every entry with that first key within the range's bounds; the collection matches their documents against the
     * whole query, as for any index.
     */
    private static final class UniqueIndex extends AbstractUniqueIndex<Object> {
        private static final Set<String> COMPARISONS = Set.of("$gt", "$gte", "$lt", "$lte");
        private final MVMap<KeyValue, Object> map;
        private final KeyNames names;

        /** The document {@link #checkAdd} last passed, and its keys, for {@link #add} to use. */
        private Document checked;
        private Set<KeyValue> checkedKeys;

        UniqueIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
            this.names = new KeyNames(keys);
        }

        @Override
        protected List<String> keys() {
            return names.list;
        }

        @Override
        protected Set<String> keySet() {
            return names.set;
        }

        @Override
        public Set<KeyValue> getKeyValues(Document document) {
            Set<KeyValue> keys = names.valuesOf(document);
            return keys != null ? keys : super.getKeyValues(document);
        }

        /**
         * As mongo-java-server's check (the same normalised keys, the same error), computing the keys once. A
         * collection inserts a document by checking it against every index, storing it, then adding it to every
         * index, under its lock; mongo-java-server's {@code add} checked it and computed its keys all over again,
         * which made an insert's index work (the read store's largest cost under chat load) half as dear again.
         */
        @Override
        public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
            checked = null;
            checkedKeys = null;
            if (isSparse()) {
                super.checkAdd(document, collection);
                return;
            }
            Set<KeyValue> keys = getKeyValues(document);
            for (KeyValue key : keys) {
                if (containsKey(key)) {
                    throw new DuplicateKeyError(this, collection, getKeys(), key);
                }
            }
            checked = document;
            checkedKeys = keys;
        }

        /** The document's keys as just checked; any other document (an index built over a collection) is checked first. */
        @Override
        public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
            if (isSparse()) {
                super.add(document, position, collection);
                return;
            }
            if (document != checked) {
                checkAdd(document, collection);
            }
            Set<KeyValue> keys = checkedKeys;
            checked = null;
            checkedKeys = null;
            for (KeyValue key : keys) {
                if (!putKeyPosition(key, position)) {
                    throw new DuplicateKeyError(this, collection, getKeys(), key);
                }
            }
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
        public synchronized boolean canHandle(Document query) {
            return super.canHandle(onOwnKeys(query)) || isRange(query);
        }

        @Override
        public synchronized Iterable<Object> getPositions(Document query) {
            Document own = onOwnKeys(query);
            if (super.canHandle(own)) {
                return super.getPositions(own);
            }
            Document range = query.get(keys().get(1)) instanceof Document comparisons ? comparisons : new Document();
            return positions(map, query.get(keys().get(0)), bound(range, "$gt", "$gte", -1), bound(range, "$lt", "$lte", 1));
        }

        /**
         * The query's conditions on this index's keys alone (the query itself when it has no others). A query's
         * top-level conditions all hold together, so what it matches is among what these match: an exact match on
         * them, such as a chat by {@code _id} and a member, reads the one document instead of every document in the
         * collection.
         */
        private Document onOwnKeys(Document query) {
            if (query.keySet().equals(keySet())) {
                return query;
            }
            Document own = new Document();
            for (String key : keys()) {
                if (query.containsKey(key)) {
                    own.put(key, query.get(key));
                }
            }
            return own;
        }

        private boolean isRange(Document query) {
            if (keys().size() != 2 || !query.containsKey(keys().get(0)) || !isPlainValue(query.get(keys().get(0)))) {
                return false;
            }
            Object second = query.get(keys().get(1));
            return second == null && !query.containsKey(keys().get(1))
                    || second instanceof Document comparisons && !comparisons.isEmpty()
                    && COMPARISONS.containsAll(comparisons.keySet()) && comparisons.values().stream().allMatch(UniqueIndex::isPlainValue);
        }

        private static boolean isPlainValue(Object value) {
            return value != null && !(value instanceof Document) && !(value instanceof Collection)
                    && !BsonRegularExpression.isRegularExpression(value);
        }

        /** The wider of a range's two bounds on one side ({@code direction} -1: the lower), or null for none. */
        private static Object bound(Document range, String exclusive, String inclusive, int direction) {
            Object a = range.get(exclusive);
            Object b = range.get(inclusive);
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            return KeyValueType.order(a, b) * direction >= 0 ? a : b;
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

    /**
     * An index's key names, kept once, and a document's keys worked out directly when they are plain values of
     * top-level fields. mongo-java-server works the names out with a stream at every call, and a document's keys by
     * splitting each name as a path with a regular expression, then through streams and maps: the largest source of
     * the read store's allocations under chat load, and each insert and update works them out several times.
     */
    static final class KeyNames {
        final List<String> list;
        final Set<String> set;
        private final boolean topLevel;

        KeyNames(List<IndexKey> keys) {
            this.list = keys.stream().map(IndexKey::getKey).toList();
            this.set = Collections.unmodifiableSet(new LinkedHashSet<>(list));
            this.topLevel = list.stream().noneMatch(name -> name.isEmpty() || name.contains(".") || name.startsWith("$"));
        }

        /**
         * The document's keys as mongo-java-server's {@code Index.getKeyValues} gives them (one key, its values
         * normalised as there: numbers as doubles unless a long would lose digits, missing as null), or null where
         * that one must work them out: a path into sub-documents, an array (an entry per element) or a sub-document.
         */
        Set<KeyValue> valuesOf(Document document) {
            if (!topLevel) {
                return null;
            }
            Object[] values = new Object[list.size()];
            for (int i = 0; i < values.length; i++) {
                Object value = document.get(list.get(i));
                if (value instanceof Collection || value instanceof Map) {
                    return null;
                }
                values[i] = normalised(value);
            }
            return Collections.singleton(new KeyValue(values));
        }

        private static Object normalised(Object value) {
            if (Missing.isNullOrMissing(value)) {
                return null;
            }
            if (value instanceof Long whole && whole != (long) whole.doubleValue()) {
                return value;
            }
            if (value instanceof Number number) {
                double plain = number.doubleValue();
                // -0.0 == 0.0: both are stored as 0.0
                return plain == 0.0 ? 0.0 : plain;
            }
            return value;
        }
    }

    /**
     * The positions of an index's entries whose first value is {@code first} and whose second lies within
     * {@code low} and {@code high} (each inclusive, or no bound when null), each once, in the index's order.
     */
    private static Set<Object> positions(MVMap<KeyValue, Object> map, Object first, Object low, Object high) {
        Set<Object> positions = new LinkedHashSet<>();
        Cursor<KeyValue, Object> entries = map.cursor(low == null ? new KeyValue(first) : new KeyValue(List.of(first, low)));
        while (entries.hasNext()) {
            KeyValue key = entries.next();
            if (KeyValueType.order(key.get(0), first) != 0 || high != null && KeyValueType.order(key.get(1), high) > 0) {
                break;
            }
            positions.add(entries.getValue());
        }
        return positions;
    }

    /**
     * An index that is not unique, which mongo-java-server does not keep (it ignores such an index, so a query on
     * its keys read every document of the collection). Each entry is a document's keys followed by its position,
     * the {@code _id} (as the H2 backend's positions are), so equal keys stay apart and stay in order. It serves a
     * query that names its first key by a plain value, whatever else the query asks: the positions given are every
     * entry with that first key, each once, and the collection matches their documents against the whole query, as
     * for any index. A field holding an array has an entry per element, as Mongo's multikey indexes do.
     */
    private static final class SecondaryIndex extends Index<Object> {
        private final MVMap<KeyValue, Object> map;
        private final KeyNames names;

        SecondaryIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
            this.names = new KeyNames(keys);
        }

        @Override
        protected List<String> keys() {
            return names.list;
        }

        @Override
        protected Set<String> keySet() {
            return names.set;
        }

        @Override
        public Set<KeyValue> getKeyValues(Document document) {
            Set<KeyValue> keys = names.valuesOf(document);
            return keys != null ? keys : super.getKeyValues(document);
        }

        /** Not unique: no key leads to one document. */
        @Override
        public Object getPosition(Document document) {
            return null;
        }

        @Override
        public void checkAdd(Document document, MongoCollection<Object> collection) {
        }

        @Override
        public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
            for (KeyValue key : entries(document, position)) {
                map.put(key, position);
            }
        }

        @Override
        public synchronized Object remove(Document document) {
            Object position = document.get("_id");
            for (KeyValue key : entries(document, position)) {
                map.remove(key);
            }
            return position;
        }

        @Override
        public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        }

        @Override
        public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
            Set<KeyValue> before = entries(oldDocument, position);
            Set<KeyValue> after = entries(newDocument, position);
            for (KeyValue key : before) {
                if (!after.contains(key)) {
                    map.remove(key);
                }
            }
            for (KeyValue key : after) {
                if (!before.contains(key)) {
                    map.put(key, position);
                }
            }
        }

        /** The document's keys (one set per element of an array), each followed by its position. */
        private Set<KeyValue> entries(Document document, Object position) {
            if (isSparse() && keys().stream().noneMatch(document::containsKey)) {
                return Set.of();
            }
            Set<KeyValue> entries = new LinkedHashSet<>();
            for (KeyValue key : getKeyValues(document)) {
                List<Object> entry = new ArrayList<>(key.size() + 1);
                key.forEach(entry::add);
                entry.add(position);
                entries.add(new KeyValue(entry));
            }
            return entries;
        }

        @Override
        public synchronized boolean canHandle(Document query) {
            return UniqueIndex.isPlainValue(query.get(keys().get(0)));
        }

        @Override
        public synchronized Iterable<Object> getPositions(Document query) {
            return positions(map, query.get(keys().get(0)), null, null);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }

        @Override
        public void drop() {
            map.clear();
        }
    }

    /**
     * Documents as BSON, with the wire protocol's own encoder, where H2's generic type used Java serialisation
     * (several times larger, and the read store's commits spent most of their time in it).
     */
    static final class DocumentType extends BasicDataType<Document> {
        /** A running average of the encoded size, as H2's generic type keeps one for what it serialises. */
        private volatile int averageSize = 256;

        @Override
        public int getMemory(Document document) {
            return averageSize;
        }

        @Override
        public void write(WriteBuffer buffer, Document document) {
            ByteBuf encoded = Unpooled.buffer();
            try {
                BsonEncoder.encodeDocument(document, encoded);
                int size = encoded.readableBytes();
                averageSize = (size + 15 * averageSize) / 16;
                buffer.put(ByteBufUtil.getBytes(encoded));
            } finally {
                encoded.release();
            }
        }

        @Override
        public Document read(ByteBuffer buffer) {
            // A BSON document starts with its own size, a little-endian int32.
            byte[] bson = new byte[Integer.reverseBytes(buffer.getInt(buffer.position()))];
            buffer.get(bson);
            return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
        }

        @Override
        public Document[] createStorage(int size) {
            return new Document[size];
        }
    }

    /** Index keys: compared value by value in Mongo's order, written as a count and H2's encoding of each value. */
    static final class KeyValueType extends BasicDataType<KeyValue> {
        private static final ValueComparator ORDER = ValueComparator.ascWithoutListHandling();
        private final ObjectDataType values = new ObjectDataType();

        /**
         * Mongo's value order. Strings, numbers and dates (what Parley's index keys hold) are compared directly
         * where that gives the answers {@link ValueComparator} gives: its type checks and number normalisation were
         * a third of an insert's time in the read store.
         */
        static int order(Object a, Object b) {
            if (a instanceof String x && b instanceof String y) {
                return x.compareTo(y);
            }
            if ((a instanceof Long || a instanceof Integer) && (b instanceof Long || b instanceof Integer)) {
                return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            }
            if (a instanceof Double x && b instanceof Double y && Math.abs(x) <= Integer.MAX_VALUE && Math.abs(y) <= Integer.MAX_VALUE) {
                // Index keys hold numbers as doubles; in this range Mongo's order is the doubles' (-0.0 equals 0.0).
                return x < y ? -1 : x > y ? 1 : 0;
            }
            if (a instanceof Instant x && b instanceof Instant y) {
                return x.compareTo(y);
            }
            return ORDER.compare(a, b);
        }

        @Override
        public int compare(KeyValue a, KeyValue b) {
            if (a == b) {
                return 0;
            }
            int common = Math.min(a.size(), b.size());
            for (int i = 0; i < common; i++) {
                int order = order(a.get(i), b.get(i));
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
