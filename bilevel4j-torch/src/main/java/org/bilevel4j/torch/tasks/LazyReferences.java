package org.bilevel4j.torch.tasks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The references of a network task (models trained without hyper-parameter learning: uniform weights, the clean
 * training set), computed at the first metrics call and kept for the task and its mini-batch views.
 */
final class LazyReferences {
    private final Supplier<Map<String, Double>> compute;
    private Map<String, Double> value;

    LazyReferences(Supplier<Map<String, Double>> compute) { this.compute = compute; }

    synchronized Map<String, Double> get() {
        if (value == null) value = Collections.unmodifiableMap(new LinkedHashMap<>(compute.get()));
        return value;
    }
}
