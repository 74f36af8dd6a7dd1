package org.bilevel4j.solver.spnbo;

import java.util.random.RandomGenerator;
import org.bilevel4j.problem.Batches;

/**
 * The constraint sample S of §3.5 drawn by layer (SPNBO samples layers of its network): of the G parameter groups
 * (a problem's {@link org.bilevel4j.problem.BilevelProblem#parameterGroups}, plus one group of the coordinates in
 * none), m are drawn uniformly without replacement and S is every coordinate of the drawn groups. Weight
 * G / (m d) on S keeps the estimate unbiased for (2)'s (1/d) Σ_i a_i: each group is drawn with probability m / G,
 * so E[Σ_{i∈S} a_i G/(m d)] = (1/d) Σ_i a_i.
 */
final class LayerSample {
    private LayerSample() {}

    /** Per-coordinate weights of one draw of m groups (0 off S); groups must be disjoint. */
    static double[] weights(int[][] groups, int d, int m, RandomGenerator rng) {
        boolean[] seen = new boolean[d];
        int rest = d;
        for (int[] g : groups)
            for (int i : g) {
                if (i < 0 || i >= d) throw new IllegalArgumentException("parameter group index " + i + " outside 0.." + (d - 1));
                if (seen[i]) throw new IllegalArgumentException("parameter groups overlap at coordinate " + i + "; SPNBO samples disjoint layers");
                seen[i] = true;
                rest--;
            }
        int count = groups.length + (rest > 0 ? 1 : 0);
        int[] drawn = Batches.sample(rng, count, Math.min(m, count));
        double w = (double) count / (drawn.length * (double) d);
        double[] out = new double[d];
        for (int k : drawn) {
            if (k < groups.length) for (int i : groups[k]) out[i] = w;
            else for (int i = 0; i < d; i++) if (!seen[i]) out[i] = w;
        }
        return out;
    }
}
