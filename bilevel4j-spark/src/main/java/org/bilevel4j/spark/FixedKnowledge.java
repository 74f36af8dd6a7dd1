package org.bilevel4j.spark;

import java.util.Map;
import org.bilevel4j.problem.Box;
import org.bilevel4j.vec.Vec;

/** Knowledge given up front (data that never reach the driver): no metrics, no hypergradient constant. */
record FixedKnowledge(String name, Box bounds, Vec initialX, Vec initialY, double innerLipschitz) implements Knowledge {
    @Override public double hypergradLipschitz() { return Double.NaN; }

    @Override public Map<String, Double> metrics(Vec x, Vec y) { return Map.of(); }
}
