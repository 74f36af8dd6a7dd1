package org.bilevel4j.torch.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The references of a network task (models trained without hyper-parameter learning: uniform weights, the clean
 * training set), computed at the first metrics call and kept for the task and its mini-batch views, and, under a
 * key ({@link NetRefit#share}), for every problem of the same task, options and seed in this JVM.
 */
final class LazyReferences {
    private static final Map<String, Map<String, Double>> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    private final String key;
    private final Supplier<Map<String, Double>> compute;
    private Map<String, Double> value;

    LazyReferences(String key, Supplier<Map<String, Double>> compute) {
        this.key = key;
        this.compute = compute;
    }

    synchronized Map<String, Double> get() {
        if (value == null) value = key == null ? computed() : SHARED.computeIfAbsent(key, k -> computed());
        return value;
    }

    private Map<String, Double> computed() { return Collections.unmodifiableMap(new LinkedHashMap<>(compute.get())); }
}
