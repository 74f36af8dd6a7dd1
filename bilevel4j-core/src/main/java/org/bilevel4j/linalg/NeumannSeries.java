package org.bilevel4j.linalg;

import java.util.function.UnaryOperator;
import org.bilevel4j.vec.Vec;

/**
 * Truncated Neumann series A⁻¹ b ≈ η Σ_{j=0}^{K} (I − η A)^j b (ALGORITHMS.md §5 "Neumann", and the
 * paper form of stocBiO's Algorithm 3). K products with A; needs η ≤ 1/L. Ignores the warm start: the
 * series always starts from b.
 */
public record NeumannSeries(int steps, double eta) implements LinearSolver {
    public NeumannSeries {
        if (steps < 0) throw new IllegalArgumentException("Neumann steps must be >= 0, got " + steps);
        if (!(eta > 0)) throw new IllegalArgumentException("Neumann step eta must be > 0, got " + eta);
    }

    @Override public Vec solve(UnaryOperator<Vec> a, Vec b, Vec warmStart) {
        Vec term = b.copy();
        Vec sum = b.copy();
        for (int j = 1; j <= steps; j++) {
            term.axpy(-eta, a.apply(term)); // r_j = (I − ηA) r_{j−1}
            sum.axpy(1, term);
        }
        return sum.scale(eta);
    }
}
