package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/**
 * Iterative differentiation in forward mode (ALGORITHMS.md §5 FHG): along the D inner gradient steps from
 * the warm-started y (treated as not depending on x), carry Z_t = dy_t/dx, one column per coordinate of x:
 * <pre>
 *   Z_0 = 0;  Z_t = A_t Z_{t−1} + B_t,   A_t = I − s∇²_yyG(x, y_{t−1}),  B_t = −s∇²_yxG(x, y_{t−1})
 *   ĝ = ∇_xF(x, y_D) + Z_Dᵀ ∇_yF(x, y_D)
 * </pre>
 * Per step: dim x cross products ∇²_yxG e_k and dim x HVPs (none at t = 1, where Z_0 = 0). Memory
 * O(dim x · dim y), independent of D; cost ∝ dim x, so it suits few hyperparameters.
 */
public record ForwardModeEstimator(int steps, double innerStep) implements HypergradientEstimator {
    public ForwardModeEstimator {
        if (steps < 0) throw new IllegalArgumentException("inner steps must be >= 0, got " + steps);
    }

    @Override public Vec estimate(HypergradientDescent.State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x, y = s.y;
        int n = p.dimX();
        Vec[] z = new Vec[n]; // columns of Z; null while Z = 0
        for (int t = 1; t <= steps; t++) {
            for (int k = 0; k < n; k++) {
                Vec bk = p.innerCrossYX(x, y, unit(n, k)).scale(-innerStep); // B_t e_k
                z[k] = z[k] == null ? bk : z[k].axpy(-innerStep, p.innerHvpYY(x, y, z[k])).axpy(1, bk);
            }
            y.axpy(-innerStep, p.innerGradY(x, y));
        }
        NonFiniteException.check("inner iterate y", y);
        Vec fy = p.outerGradY(x, y);
        double[] zt = new double[n];
        for (int k = 0; k < n; k++) zt[k] = z[k] == null ? 0 : z[k].dot(fy);
        return p.outerGradX(x, y).axpy(1, Vec.of(zt));
    }

    private static Vec unit(int n, int k) {
        double[] e = new double[n];
        e[k] = 1;
        return Vec.of(e);
    }
}
