package org.bilevel4j.solver.spnbo;

import java.util.random.RandomGenerator;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * The doubly stochastic gradients of ALGORITHMS.md §3.5: a random subset S of the d constraints (uniform, without
 * replacement) and a random outer mini-batch B. With u_i = (α_i + β c_i)/|S| on S and 0 elsewhere,
 * <pre>
 *   ∇̃_w L = ∇_w f_B + ∇²_ww G u     (one Hessian-vector product)
 *   ∇̃_λ L = ∇_λ f_B + ∇²_λw G u     (one cross product)
 * </pre>
 * Unbiased for (2): E[(1/|S|) Σ_{i∈S} a_i] = (1/d) Σ_i a_i, and E over B of ∇f_B is ∇f. c = ∇_w G is the full inner
 * gradient (the constraints are defined on all inner data). When the problem has parameter groups (a network's
 * layers), S is drawn by layer instead: {@code constraintBatch} layers, every constraint of each ({@link LayerSample}).
 */
public record DoublyStochasticGradient(int constraintBatch, int outerBatch) {
    public DoublyStochasticGradient {
        if (constraintBatch < 1 || outerBatch < 1) throw new IllegalArgumentException("constraint and outer batch sizes must be >= 1");
    }

    /** Which gradient to estimate. */
    public enum Wrt { W, LAMBDA }

    /** One draw of ∇̃_w L or ∇̃_λ L at (λ, w). */
    public Vec sample(BilevelProblem p, Vec lambda, Vec w, Vec alpha, double beta, RandomGenerator rng, Wrt wrt) {
        int d = w.dim();
        int[][] groups = p.parameterGroups();
        int[] s = groups == null ? Batches.sample(rng, d, constraintBatch) : null;
        double[] f = groups == null ? null : LayerSample.weights(groups, d, constraintBatch, rng); // G/(m d) on the drawn layers
        int[] allInner = Batches.sample(rng, p.innerSamples(), p.innerSamples());
        BilevelProblem view = p.outerSamples() <= outerBatch ? p : p.batch(Batches.sample(rng, p.outerSamples(), outerBatch), allInner);
        Vec c = p.innerGradY(lambda, w);
        double[] u = new double[d], a = Vec.array(alpha), cc = Vec.array(c);
        if (s != null) for (int i : s) u[i] = (a[i] + beta * cc[i]) / s.length;
        else for (int i = 0; i < d; i++) if (f[i] != 0) u[i] = f[i] * (a[i] + beta * cc[i]);
        Vec uv = Vec.of(u);
        return wrt == Wrt.W
                ? view.outerGradY(lambda, w).axpy(1, p.innerHvpYY(lambda, w, uv))
                : view.outerGradX(lambda, w).axpy(1, p.innerCrossXY(lambda, w, uv));
    }
}
