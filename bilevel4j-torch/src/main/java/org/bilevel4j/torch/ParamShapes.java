package org.bilevel4j.torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named tensor shapes laid end to end in one flat vector (x or y of a problem): the order of {@link #add} is the
 * order in the vector, each tensor row-major.
 */
public final class ParamShapes {
    /** One named tensor: its shape and where it starts in the flat vector. */
    public record Entry(String name, long[] shape, int offset, int size) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Integer> order = new java.util.HashMap<>();
    private int size;

    public ParamShapes add(String name, long... shape) {
        long n = 1;
        for (long s : shape) {
            if (s < 1) throw new IllegalArgumentException("parameter " + name + " has a non-positive dimension");
            n *= s;
        }
        if (size + n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("parameters beyond 2^31 values are not supported");
        if (entries.put(name, new Entry(name, shape.clone(), size, (int) n)) != null) throw new IllegalArgumentException("duplicate parameter " + name);
        order.put(name, order.size());
        size += (int) n;
        return this;
    }

    /** Adds every entry of {@code other}, names prefixed. */
    public ParamShapes addAll(String prefix, ParamShapes other) {
        for (Entry e : other.entries.values()) add(prefix + e.name(), e.shape());
        return this;
    }

    public int size() { return size; }

    public Entry get(String name) {
        Entry e = entries.get(name);
        if (e == null) throw new IllegalArgumentException("no parameter named " + name + "; known: " + String.join(", ", entries.keySet()));
        return e;
    }

    /** Position of {@code name} in the order of {@link #add} (its index in {@link #entries}). */
    public int index(String name) {
        Integer i = order.get(name);
        if (i == null) get(name); // throws, naming the known parameters
        return i;
    }

    public boolean has(String name) { return entries.containsKey(name); }

    public List<Entry> entries() { return Collections.unmodifiableList(new ArrayList<>(entries.values())); }
}
