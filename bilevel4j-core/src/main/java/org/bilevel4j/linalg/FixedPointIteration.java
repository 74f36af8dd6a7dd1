package org.bilevel4j.linalg;

import java.util.function.UnaryOperator;
import org.bilevel4j.vec.Vec;

/**
 * Fixed-point (Richardson) iteration v ← v − η (A v − b) = (I − ηA) v + η b, the AID-FP linear solver of
 * Grazzi et al. (ALGORITHMS.md §5 "Fixed point", written for the unscaled system). Warm-startable;
 * from v₀ = 0, K steps equal a Neumann series with K − 1 products. One product with A per step
 * (none for a step from exactly zero).
 */
public record FixedPointIteration(int steps, double eta) implements LinearSolver {
    public FixedPointIteration {
        if (steps < 0) throw new IllegalArgumentException("fixed-point steps must be >= 0, got " + steps);
        if (!(eta > 0)) throw new IllegalArgumentException("fixed-point step eta must be > 0, got " + eta);
    }

    @Override public Vec solve(UnaryOperator<Vec> a, Vec b, Vec warmStart) {
        Vec v = warmStart.copy();
        boolean zero = v.normSquared() == 0;
        for (int k = 0; k < steps; k++) {
            if (zero) {
                v.axpy(eta, b);
                zero = false;
            } else {
                Vec residual = a.apply(v).axpy(-1, b);
                v.axpy(-eta, residual);
            }
        }
        return v;
    }
}
