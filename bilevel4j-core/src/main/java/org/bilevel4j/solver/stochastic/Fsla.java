package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * FSLA (Li, Gu, Huang 2022, Algorithm 2; docs/STOCHASTIC.md §11): fully single loop, z tracks
 * [∇²_yy G]⁻¹ ∇_y F by one SGD step per iteration, and x follows a recursive-momentum estimate:
 * <pre>
 *   y_{t+1} = y_t − ρ_t ∇_y G_i(x_t, y_t)
 *   z_{t+1} = z_t − ρ_t (∇²_yy G_{i'}(x_t, y_{t+1}) z_t − ∇_y F_j(x_t, y_{t+1}))
 *   P_t = (x_t, y_{t+1}, z_{t+1}),  ĝ(P) = ∇_x F_{j'}(P) − ∇²_xy G_{i''}(P) z
 *   d_t = ĝ(P_t) + (1 − η)(d_{t−1} − ĝ(P_{t−1}))     (same batches j', i'' at both points; d_0 = ĝ(P_0))
 *   x_{t+1} = x_t − γ_t d_t
 * </pre>
 */
public final class Fsla implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final double momentum;
    private final long seed;

    public Fsla(StochasticSettings settings, double momentum, long seed) {
        if (!(momentum > 0 && momentum <= 1)) throw new IllegalArgumentException("fsla: momentum must be in (0, 1], got " + momentum);
        this.st = settings;
        this.momentum = momentum;
        this.seed = seed;
    }

    @Override public String name() { return "fsla"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) { return st.init(problem, x0, y0, seed); }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        Vec x = s.x, y = s.y, z = s.v;
        Vec gy = s.nextInner().innerGradY(x, y);
        y.axpy(-st.rho(t), gy);
        BilevelProblem h = s.nextInner(), f = s.nextOuter();
        Vec dz = h.innerHvpYY(x, y, z).axpy(-1, f.outerGradY(x, y));
        z.axpy(-st.rho(t), dz);
        BilevelProblem f2 = s.nextOuter(), g2 = s.nextInner();
        Vec now = f2.outerGradX(x, y).axpy(-1, g2.innerCrossXY(x, y, z));
        if (s.buf("dx") == null) s.keep("dx", now);
        else {
            Vec xo = s.buf("xOld"), yo = s.buf("yOld"), zo = s.buf("zOld");
            Vec old = f2.outerGradX(xo, yo).axpy(-1, g2.innerCrossXY(xo, yo, zo));
            s.buf("dx").axpy(-1, old).scale(1 - momentum).axpy(1, now);
        }
        NonFiniteException.check("FSLA direction d_x", s.buf("dx"));
        s.hypergradient = s.buf("dx").copy();
        s.keep("xOld", x);
        s.keep("yOld", y);
        s.keep("zOld", z);
        s.moveX(s.outerStep(st, t, s.buf("dx"), gy, dz), s.buf("dx"));
    }
}
