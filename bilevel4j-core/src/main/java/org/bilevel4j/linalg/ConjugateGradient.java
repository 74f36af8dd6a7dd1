package org.bilevel4j.linalg;

import java.util.function.UnaryOperator;
import org.bilevel4j.vec.Vec;

/**
 * Conjugate gradient for A v = b: at most {@code maxSteps} iterations, stopping early when the residual
 * norm ||b − A v|| falls to {@code tolerance} (0: always run every step). One product with A per step,
 * plus one to form the first residual when the warm start is not zero. A NaN or infinite right-hand side or
 * product gives a NaN solution (so that the caller's divergence checks see it), not the warm start.
 */
public record ConjugateGradient(int maxSteps, double tolerance) implements LinearSolver {
    public ConjugateGradient {
        if (maxSteps < 0) throw new IllegalArgumentException("CG steps must be >= 0, got " + maxSteps);
    }

    @Override public Vec solve(UnaryOperator<Vec> a, Vec b, Vec warmStart) {
        Vec v = warmStart.copy();
        Vec r = b.copy();
        if (v.normSquared() != 0) r.axpy(-1, a.apply(v));
        Vec p = r.copy();
        double rr = r.normSquared();
        if (!Double.isFinite(rr)) return v.fill(Double.NaN); // a NaN or infinite system: propagate it, never hide it
        for (int k = 0; k < maxSteps && Math.sqrt(rr) > tolerance; k++) {
            Vec ap = a.apply(p);
            double pap = p.dot(ap);
            if (Double.isNaN(pap)) return v.fill(Double.NaN);
            if (!(pap > 0)) break; // not positive definite along p (or exact solve reached)
            double step = rr / pap;
            v.axpy(step, p);
            r.axpy(-step, ap);
            double rrNew = r.normSquared();
            p.axpby(rrNew / rr, 1, r);
            rr = rrNew;
        }
        return v;
    }
}
