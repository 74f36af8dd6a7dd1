package org.bilevel4j.solver.stochastic;

import java.util.List;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * Stochastic Neumann approximations of z = [∇²_yy G]⁻¹ b on a sequence of inner batch views H_1, H_2, ...
 * (docs/STOCHASTIC.md §5):
 * <pre>
 *   summed (SHIA; MRBO, VRBO):        z = η Σ_{q=0}^{Q} Π_{j≤q} (I − η H_j) b
 *   randomly truncated (HIA; BSA,
 *   TTSA, SUSTAIN; Ghadimi-Wang 2018): z = Q η Π_{j≤p} (I − η H_j) b,  p uniform in {0, ..., Q−1}
 * </pre>
 * Both take the batch views from the caller, so that two points (current and previous iterate) can share them
 * as MRBO, VRBO and SUSTAIN require.
 */
final class Neumann {
    private Neumann() {}

    /** η Σ_{q=0}^{|views|} Π_{j≤q} (I − η H_j) b, H_j the Hessian of views[j] at (x, y). */
    static Vec summed(List<BilevelProblem> views, Vec x, Vec y, Vec b, double eta) {
        Vec r = b.copy(), sum = b.copy();
        for (BilevelProblem h : views) {
            r.axpy(-eta, h.innerHvpYY(x, y, r));
            sum.axpy(1, r);
        }
        return sum.scale(eta);
    }

    /** Q η Π_j (I − η H_j) b over the p = |views| drawn terms. */
    static Vec truncated(List<BilevelProblem> views, Vec x, Vec y, Vec b, double eta, int q) {
        Vec r = b.copy();
        for (BilevelProblem h : views) r.axpy(-eta, h.innerHvpYY(x, y, r));
        return r.scale(q * eta);
    }

    /**
     * The hypergradient estimate ĝ = ∇_x F_f(x, y) − ∇²_xy G_g(x, y) z with z the Neumann approximation of
     * [∇²_yy G]⁻¹ ∇_y F_f(x, y) on the Hessian batches {@code hs} (summed, or truncated with Q = q terms).
     */
    static Vec hypergradient(BilevelProblem f, BilevelProblem g, List<BilevelProblem> hs, Vec x, Vec y, double eta, int q, boolean summed) {
        Vec b = f.outerGradY(x, y);
        Vec z = summed ? summed(hs, x, y, b, eta) : truncated(hs, x, y, b, eta, q);
        return f.outerGradX(x, y).axpy(-1, g.innerCrossXY(x, y, z));
    }

    /** Q fresh inner batch views from the state's sampler. */
    static List<BilevelProblem> draw(StochasticState s, int q) {
        BilevelProblem[] v = new BilevelProblem[q];
        for (int j = 0; j < q; j++) v[j] = s.nextInner();
        return List.of(v);
    }
}
