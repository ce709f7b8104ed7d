package io.parley.app.infra;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LruCacheTest {

    @Test
    void theLeastRecentlyUsedEntryGoesFirstAndListenersHearIt() {
        LruCache cache = new LruCache(2);
        List<Object> expired = new ArrayList<>();
        cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryExpired(Object key) {
                expired.add(key);
            }
        });
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);
        cache.put("c", 3);

        assertThat(cache.containsKey("b")).as("b was used least recently").isFalse();
        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(expired).containsExactly("b");
    }

    @Test
    void putIfAbsentKeepsTheFirstValueAndRemoveAllEmptiesTheCache() {
        LruCache cache = new LruCache(10);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);
        cache.computeIfPresent("a", (Integer value) -> value + 1);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(2);

        cache.removeAll();
        assertThat(cache.containsKey("a")).isFalse();
    }
}
