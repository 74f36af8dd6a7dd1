package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/**
 * Iterative differentiation in reverse mode (ALGORITHMS.md §4.2 ITD branch; §5 RHG, TRHG, BDA): run T
 * unrolled inner steps y_{j+1} = y_j − u_j ∇_yF(x, y_j) − l_j ∇_yG(x, y_j) from the warm-started y
 * (treated as not depending on x), then back-propagate through the last K of them:
 * <pre>
 *   a = ∇_yF(x, y_T),  ĝ = ∇_xF(x, y_T)
 *   for j = T−1 … T−K:  ĝ += B_jᵀ a,   a ← A_jᵀ a        (a is not needed after j = T−K)
 *   A_jᵀ a = a − l_j ∇²_yyG(x,y_j) a − u_j ∇²_yyF(x,y_j) a,   B_jᵀ a = −l_j ∇²_xyG(x,y_j) a − u_j ∇²_xyF(x,y_j) a
 * </pre>
 * K = T is RHG (Franceschi 2017), K &lt; T is truncated RHG (Shaban 2019), K = 0 is first-order ITD
 * (ĝ = ∇_xF(x, y_T), §4.2 FO-ITD-BiO). With BDA weights it is BDA's hypergradient. The last K iterates are
 * kept: memory O(K·dim y). Calls per estimate: T ∇_yG (and T ∇_yF where u ≠ 0), one ∇_xF, one ∇_yF
 * (none when K = 0), K cross products and K − 1 HVPs of G (and of F where u ≠ 0).
 */
public record ReverseModeEstimator(int steps, UnrolledSteps dynamics, int truncation) implements HypergradientEstimator {
    public ReverseModeEstimator {
        if (steps < 0) throw new IllegalArgumentException("inner steps must be >= 0, got " + steps);
        if (truncation < 0) throw new IllegalArgumentException("truncation must be >= 0, got " + truncation);
    }

    @Override public Vec estimate(HypergradientDescent.State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x, y = s.y;
        int k = Math.min(truncation, steps), first = steps - k;
        Vec[] tape = new Vec[k]; // y_j for j = first .. steps−1
        for (int j = 0; j < steps; j++) {
            if (j >= first) tape[j - first] = y.copy();
            double u = dynamics.upperWeight(j), l = dynamics.lowerWeight(j);
            Vec dir = p.innerGradY(x, y).scale(l);
            if (u != 0) dir.axpy(u, p.outerGradY(x, y));
            y.axpy(-1, dir);
        }
        NonFiniteException.check("inner iterate y", y);
        Vec g = p.outerGradX(x, y);
        Vec a = k > 0 ? p.outerGradY(x, y) : null; // fo-itd (K = 0) needs no ∇_yF
        for (int j = steps - 1; j >= first; j--) {
            Vec yj = tape[j - first];
            double u = dynamics.upperWeight(j), l = dynamics.lowerWeight(j);
            g.axpy(-l, p.innerCrossXY(x, yj, a));                // ĝ += B_jᵀ a
            if (u != 0) g.axpy(-u, p.outerCrossXY(x, yj, a));
            if (j > first) {                                    // a ← A_jᵀ a
                Vec ha = p.innerHvpYY(x, yj, a).scale(l);
                if (u != 0) ha.axpy(u, p.outerHvpYY(x, yj, a));
                a.axpy(-1, ha);
            }
        }
        return g;
    }
}
