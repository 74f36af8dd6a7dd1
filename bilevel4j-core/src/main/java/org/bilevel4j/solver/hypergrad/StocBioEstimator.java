package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.vec.Vec;

/**
 * stocBiO (Ji, Yang, Liang 2021; ALGORITHMS.md §4.3, Algorithm 2), one outer iteration:
 * <pre>
 *   for t = 1..D:  y ← y − α ∇_y G(x, y; S_t)                 (fresh mini-batch per step, warm-started y)
 *   draw independent D_F, D_G, B_1..B_Q
 *   v₀ = ∇_y F(x, y; D_F);   v_Q = η Σ_{q=0}^{Q} Π_{j≤q} (I − η (∇²_yy G(x, y; B_j) + λ I)) v₀   (paper form; λ = 0 there)
 *   ĝ = ∇_x F(x, y; D_F) − ∇²_xy G(x, y; D_G) v_Q
 * </pre>
 * Every batch is a {@link Batches#view} of the problem, drawn from the run's random stream. A view draws an
 * outer and an inner index set; only the half the oracle uses matters. The damping λ ({@link Damping}) is 0 unless the
 * inner problem is not convex.
 */
public record StocBioEstimator(int innerSteps, double innerStep, int outerBatch, int innerBatch, int hessianBatch,
                               int neumannSteps, double neumannStep, double damping) implements HypergradientEstimator {

    @Override public Vec estimate(HypergradientDescent.State s) {
        BilevelProblem p = s.problem;
        Vec x = s.x, y = s.y;
        for (int t = 0; t < innerSteps; t++) { // §4.3 line 3
            y.axpy(-innerStep, Batches.view(p, s.rng, outerBatch, innerBatch).innerGradY(x, y));
        }
        NonFiniteException.check("inner iterate y", y);
        BilevelProblem dF = Batches.view(p, s.rng, outerBatch, innerBatch); // §4.3 line 4
        BilevelProblem dG = Batches.view(p, s.rng, outerBatch, innerBatch);
        Vec v0 = dF.outerGradY(x, y); // line 5
        Vec v = StochasticNeumann.estimate(j -> { // line 6, Algorithm 3 with a fresh B_j per term
            BilevelProblem bj = Batches.view(p, s.rng, outerBatch, hessianBatch);
            return damping == 0 ? u -> bj.innerHvpYY(x, y, u) : u -> bj.innerHvpYY(x, y, u).axpy(damping, u);
        }, v0, neumannSteps, neumannStep);
        return dF.outerGradX(x, y).axpy(-1, dG.innerCrossXY(x, y, v)); // line 7
    }
}
