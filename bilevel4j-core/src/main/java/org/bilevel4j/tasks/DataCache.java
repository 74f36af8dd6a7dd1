package org.bilevel4j.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.util.HashMap;
import java.util.Map;

/**
 * A per-JVM cache of loaded data and built task problems, so that a bench running many solvers on one task loads,
 * standardizes and trains the reference models once. Entries are soft references: the garbage collector may drop
 * them when memory runs short, and they are then rebuilt on the next request.
 */
final class DataCache {
    private DataCache() {}

    @FunctionalInterface
    interface Loader<T> { T load() throws IOException; }

    private static final Map<String, SoftReference<Object>> ENTRIES = new HashMap<>();

    /** The cached value for key, or loader's value (stored). One load at a time (loads are large). */
    @SuppressWarnings("unchecked")
    static synchronized <T> T get(String key, Loader<T> loader) {
        SoftReference<Object> ref = ENTRIES.get(key);
        Object v = ref == null ? null : ref.get();
        if (v == null) {
            try {
                v = loader.load();
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            ENTRIES.put(key, new SoftReference<>(v));
        }
        return (T) v;
    }
}
