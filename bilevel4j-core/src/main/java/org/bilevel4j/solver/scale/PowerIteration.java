package org.bilevel4j.solver.scale;

import java.util.function.UnaryOperator;
import org.bilevel4j.opt.Rng;
import org.bilevel4j.vec.Vec;

/**
 * The largest |eigenvalue| of a symmetric operator by power iteration from a seeded random start:
 * v ← Av/‖Av‖, estimate ‖Av‖ for unit v (never above the true value; within a few percent after 20 steps
 * unless the top eigenvalues are nearly tied, when any of them is as good a scale).
 */
public final class PowerIteration {
    private PowerIteration() {}

    public static double largest(UnaryOperator<Vec> a, int dim, int steps, long seed) {
        Rng rng = new Rng(seed);
        double[] start = new double[dim];
        for (int i = 0; i < dim; i++) start[i] = rng.nextDouble() - 0.5;
        Vec v = Vec.of(start);
        double n = v.norm();
        if (!(n > 0)) return 0;
        v.scale(1 / n);
        double best = 0;
        for (int k = 0; k < steps; k++) {
            Vec av = a.apply(v);
            double norm = av.norm();
            if (!Double.isFinite(norm)) return Double.NaN;
            if (norm == 0) return best;
            best = Math.max(best, norm);
            v = av.scale(1 / norm);
        }
        return best;
    }
}
