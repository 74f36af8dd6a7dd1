package org.bilevel4j.opt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.vec.Vec;

/**
 * A solver state as plain data, for checkpoints: named vectors, doubles and longs (no JSON here; the command
 * line writes it). Values are copied in and out, so a snapshot never aliases the live state. Nested parts
 * (an update rule's buffers, warm-start memory) use dotted keys such as {@code "outer.m"}.
 */
public final class Snapshot {
    private final Map<String, double[]> vectors = new LinkedHashMap<>();
    private final Map<String, Double> numbers = new LinkedHashMap<>();
    private final Map<String, Long> integers = new LinkedHashMap<>();

    public Snapshot put(String key, Vec v) { return putArray(key, v.toArray()); }

    public Snapshot putArray(String key, double[] a) {
        vectors.put(key, a.clone());
        return this;
    }

    public Snapshot put(String key, double d) {
        numbers.put(key, d);
        return this;
    }

    public Snapshot putLong(String key, long n) {
        integers.put(key, n);
        return this;
    }

    public boolean hasVec(String key) { return vectors.containsKey(key); }

    /** A fresh copy of the vector stored under key. */
    public Vec vec(String key) {
        double[] a = vectors.get(key);
        if (a == null) throw missing("vector", key);
        return Vec.of(a.clone());
    }

    /** Copies the stored vector into {@code target} (same dimension), keeping references to target valid. */
    public void into(String key, Vec target) {
        Vec v = vec(key);
        Vec.requireDim("checkpointed " + key, v, target.dim());
        target.assign(v);
    }

    public double num(String key) {
        Double d = numbers.get(key);
        if (d == null) throw missing("number", key);
        return d;
    }

    public long integer(String key) {
        Long n = integers.get(key);
        if (n == null) throw missing("integer", key);
        return n;
    }

    public Map<String, double[]> vectors() { return Collections.unmodifiableMap(vectors); }

    public Map<String, Double> numbers() { return Collections.unmodifiableMap(numbers); }

    public Map<String, Long> integers() { return Collections.unmodifiableMap(integers); }

    private static IllegalArgumentException missing(String kind, String key) {
        return new IllegalArgumentException("checkpoint state lacks the " + kind + " '" + key + "' (made by another solver or version?)");
    }
}
