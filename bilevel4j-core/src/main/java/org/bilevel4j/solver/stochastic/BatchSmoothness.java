package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.scale.PowerIteration;
import org.bilevel4j.vec.Vec;

/**
 * L_B, the smoothness of the inner batch functions that SAGA's memory is kept for (docs/STOCHASTIC.md §2, "Inner
 * step"): max over inner batches B of λ_max(∇²_yy G_B(x0, y0)), by power iteration, on {@code sampled} batches of the
 * fixed cut of {@link BatchCycle} spread evenly over it (all of them when there are fewer). SAGA's step condition is
 * on this constant, not on the mean's L_G (Defazio et al. 2014, Theorem 1: step 1/(3L), L the components' smoothness):
 * where the batch Hessians are much larger than their mean (benchopt's quadratic: ‖a_i‖² ≈ 21 a sample against
 * λ_max(mean) = 1, batches of 64 up to 2.2) a step 1/L_G overshoots on some batches and the SAGA iteration of y and v
 * diverges even at a fixed x. A sample of the batches can miss the largest one, so the value is an estimate from below.
 */
final class BatchSmoothness {
    private BatchSmoothness() {}

    private static final int POWER_STEPS = 20;
    private static final long SEED = 0x5abaL;

    /** The largest top eigenvalue of ∇²_yy G_B over the sampled inner batches of size {@code batch}, at the start. */
    static double largest(BilevelProblem p, int batch, int sampled) {
        BatchCycle cut = new BatchCycle(p.innerSamples(), batch, 0); // the batches only: the order is not used
        Vec x = p.curvatureX() != null ? p.curvatureX() : p.initialX(), y = p.initialY();
        int m = Math.min(sampled, cut.count);
        double l = 0;
        for (int j = 0; j < m; j++) {
            int k = (int) ((long) j * cut.count / m);
            BilevelProblem b = p.batch(new int[] {0}, cut.indices(k));
            l = Math.max(l, PowerIteration.largest(v -> b.innerHvpYY(x, y, v), p.dimY(), POWER_STEPS, SEED + k));
        }
        return l;
    }
}
