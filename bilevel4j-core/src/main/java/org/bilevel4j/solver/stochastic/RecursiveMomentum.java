package org.bilevel4j.solver.stochastic;

import java.util.List;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * One step of the STORM-type recursive momentum that MRBO and SUSTAIN share (docs/STOCHASTIC.md §9): with
 * u_t = (x_t, y_t), the same batches i, j and Hessian batches at u_t and u_{t−1},
 * <pre>
 *   d_y ← ∇_y G_i(u_t) + (1 − η_t)(d_y − ∇_y G_i(u_{t−1}))
 *   d_x ← ĝ(u_t)      + (1 − η_t)(d_x − ĝ(u_{t−1}))         (d = the plain estimate at t = 0)
 *   x ← x − γ_t d_x,   y ← y − ρ_t d_y
 * </pre>
 * ĝ is the Neumann hypergradient estimate of {@link Neumann}: summed (MRBO) or randomly truncated (SUSTAIN).
 */
final class RecursiveMomentum {
    private RecursiveMomentum() {}

    static void step(StochasticState s, StochasticSettings st, double momentum, int q, double eta, boolean summed) {
        long t = s.iteration;
        Vec x = s.x, y = s.y;
        BilevelProblem g = s.nextInner(), f = s.nextOuter();
        List<BilevelProblem> hs = Neumann.draw(s, summed ? q : s.rng.nextInt(q));
        Vec gy = g.innerGradY(x, y), h = Neumann.hypergradient(f, g, hs, x, y, eta, q, summed);
        if (s.buf("dx") == null) {
            s.keep("dy", gy);
            s.keep("dx", h);
        } else {
            Vec xo = s.buf("xOld"), yo = s.buf("yOld");
            double keep = 1 - momentum * Math.pow(t + 1, -2.0 / 3);
            s.buf("dy").axpy(-1, g.innerGradY(xo, yo)).scale(keep).axpy(1, gy);
            s.buf("dx").axpy(-1, Neumann.hypergradient(f, g, hs, xo, yo, eta, q, summed)).scale(keep).axpy(1, h);
        }
        s.hypergradient = s.buf("dx").copy();
        s.keep("xOld", x);
        s.keep("yOld", y);
        s.moveX(st.gamma(t), s.buf("dx"));
        y.axpy(-st.rho(t), s.buf("dy"));
    }
}
