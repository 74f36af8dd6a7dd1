package org.bilevel4j.smoothing;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Regularizer#convex()} against the smoothed Hessian: vᵀ∇²ψ̃(w, μ)v ≥ 0 at random points for the regularizers that
 * say they are convex, and a negative curvature found for l_p^p with p = 0.6 (which says it is not).
 */
class ConvexityTest {
    /** The least vᵀ∇²ψ̃v / ‖v‖² over random (w, v), w ∈ [−1, 1]^d, μ ∈ {0.04, 1e-3}. */
    static double leastCurvature(Regularizer r, int d) {
        SplittableRandom rng = new SplittableRandom(7);
        double least = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 2000; k++) {
            double[] w = new double[d], v = new double[d];
            double vv = 0;
            for (int i = 0; i < d; i++) { w[i] = 2 * rng.nextDouble() - 1; v[i] = rng.nextDouble() - 0.5; vv += v[i] * v[i]; }
            double mu = k % 2 == 0 ? 0.04 : 1e-3;
            double[] h = r.smoothHvp(w, mu, v);
            double q = 0;
            for (int i = 0; i < d; i++) q += v[i] * h[i];
            least = Math.min(least, q / vv);
        }
        return least;
    }

    @Test void theConvexFlagsMatchTheCurvature() {
        Regularizer[] convex = {new L1(), new Lp(1), new Oscar(), GroupLasso.consecutive(6, 3), Regularizer.tied(new Oscar(), 1, 0.1),
                new Sum(new L1(), GroupLasso.consecutive(6, 3))};
        for (Regularizer r : convex) {
            assertTrue(r.convex(), r.name());
            assertTrue(leastCurvature(r, 6) >= -1e-9, r.name() + ": negative curvature " + leastCurvature(r, 6));
        }
        Lp lp = new Lp(0.6);
        assertFalse(lp.convex());
        assertFalse(new Sum(new L1(), lp).convex());
        assertTrue(leastCurvature(lp, 6) < -0.1, "l_p^p (p = 0.6) is concave away from 0");
    }
}
