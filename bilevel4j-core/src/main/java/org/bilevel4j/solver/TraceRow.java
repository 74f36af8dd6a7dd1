package org.bilevel4j.solver;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a run's trace (DESIGN.md "What every run records"): oracle counts and wall time together,
 * the outer value, the inner gradient norm, and when known the distance to the solution, the hypergradient
 * error ||ĝ − ∇Φ(x)|| relative to max(||∇Φ(x)||, ||∇Φ(x₀)||) (so it stays meaningful as ∇Φ(x) → 0 at the
 * solution) and absolute ({@code hypergradErrorAbs}), task metrics and solver scalars. Unknown numbers are NaN.
 */
public record TraceRow(long iteration, double seconds, Map<String, Long> oracles, double outerValue, double innerGradNorm,
                       double distanceToSolution, double hypergradError, double hypergradErrorAbs, Map<String, Double> metrics,
                       Map<String, Double> extras) {
    /** Metrics and extras are kept sorted by name, so that trace.csv has the same columns in every JVM. */
    public TraceRow {
        metrics = sorted(metrics);
        extras = sorted(extras);
    }

    /** A row without the absolute hypergradient error (NaN). */
    public TraceRow(long iteration, double seconds, Map<String, Long> oracles, double outerValue, double innerGradNorm,
                    double distanceToSolution, double hypergradError, Map<String, Double> metrics, Map<String, Double> extras) {
        this(iteration, seconds, oracles, outerValue, innerGradNorm, distanceToSolution, hypergradError, Double.NaN, metrics, extras);
    }

    private static Map<String, Double> sorted(Map<String, Double> m) {
        return m == null ? null : Collections.unmodifiableMap(new TreeMap<>(m));
    }
}
