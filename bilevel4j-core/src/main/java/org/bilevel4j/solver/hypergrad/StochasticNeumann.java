package org.bilevel4j.solver.hypergrad;

import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.bilevel4j.vec.Vec;

/**
 * stocBiO's Neumann-series estimate of [∇²_yy g]⁻¹ v₀ (ALGORITHMS.md §4.3, Algorithm 3), in the PAPER form
 * <pre>  r₀ = v₀;  r_j = (I − η H_j) r_{j−1}, j = 1..Q;   v_Q = η Σ_{j=0}^{Q} r_j </pre>
 * where H_j is the Hessian of an independent batch B_j. Not the official code's {@code η r_Q + Σ_{j≥1} r_j},
 * which is ≈ 2× off on a random SPD test (§4.3 "Official-code deviation"). Q Hessian-vector products.
 */
public final class StochasticNeumann {
    private StochasticNeumann() {}

    /** @param hessianOfTerm j ↦ the operator v ↦ ∇²_yy G(B_j) v of term j = 1..Q (asked once per term, in order) */
    public static Vec estimate(IntFunction<UnaryOperator<Vec>> hessianOfTerm, Vec v0, int q, double eta) {
        Vec r = v0.copy();
        Vec sum = v0.copy();
        for (int j = 1; j <= q; j++) {
            r.axpy(-eta, hessianOfTerm.apply(j).apply(r)); // r_j = (I − η H(B_j)) r_{j−1}
            sum.axpy(1, r);
        }
        return sum.scale(eta);
    }
}
