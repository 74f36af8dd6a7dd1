package org.bilevel4j.solver.hypergrad;

import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.bilevel4j.vec.Vec;

/**
 * stocBiO's Neumann-series estimate of [∇²_yy g]⁻¹ v₀ (ALGORITHMS.md §4.3, Algorithm 3), in the PAPER form
 * <pre>  r₀ = v₀;  r_j = (I − η H_j) r_{j−1}, j = 1..Q;   v_Q = η Σ_{j=0}^{Q} r_j </pre>
 * where H_j is the Hessian of an independent batch B_j. Not the official code's {@code η r_Q + Σ_{j≥1} r_j},
 * which is ≈ 2× off on a random SPD test (§4.3 "Official-code deviation"). Q Hessian-vector products.
 * <p>With 0 ⪯ η H_j ⪯ 2I every factor is a contraction and ‖r_j‖ ≤ ‖r₀‖. A batch's Hessian can break that (curvature
 * above 2/η, or negative on a non-convex G); once a term has grown to {@link #GROWTH_LIMIT} ‖r₀‖ the series stops and
 * keeps the sum so far, as CG stops at non-positive curvature. Measured: on re-weighting an MLP on MNIST (η = 1/L_g of
 * the full batch, batches of 16) the uncut series made x jump from norm 8.5 to 1e11 in one step (a limit of 100 still
 * diverged at iteration 4); hyper-cleaning MNIST (stocbio setting) has transient terms above 2 ‖r₀‖, and a limit of 2
 * changed its run (outer value 1.17 → 1.26 after 100 iterations) while 10 leaves it bit for bit.
 */
public final class StochasticNeumann {
    private StochasticNeumann() {}

    /** How far a term may outgrow r₀ before the series is cut (a batch above 2/η now and then is tolerated). */
    static final double GROWTH_LIMIT = 10;

    /** @param hessianOfTerm j ↦ the operator v ↦ ∇²_yy G(B_j) v of term j = 1..Q (asked once per term, in order) */
    public static Vec estimate(IntFunction<UnaryOperator<Vec>> hessianOfTerm, Vec v0, int q, double eta) {
        Vec r = v0.copy();
        Vec sum = v0.copy();
        double limit = v0.norm() * GROWTH_LIMIT;
        for (int j = 1; j <= q; j++) {
            r.axpy(-eta, hessianOfTerm.apply(j).apply(r)); // r_j = (I − η H(B_j)) r_{j−1}
            if (r.norm() > limit) break; // the factors stopped contracting: the rest of the series diverges
            sum.axpy(1, r);
        }
        return sum.scale(eta);
    }
}
