package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * MA-SOBA (Chen, Xu, Zhang 2023, Algorithm 1; docs/STOCHASTIC.md §3): SOBA whose x-step follows a moving
 * average h of the hypergradient estimates, with z = −v solving ∇²_yy G z = ∇_y F:
 * <pre>
 *   y ← y − ρ ∇_y G_i(x, y)
 *   z ← Π_R( z − ρ (∇²_yy G_i z − ∇_y F_j) )          (Π_R: ball of radius R; none by default)
 *   w = ∇_x F_j − ∇²_xy G_i z,   h ← (1 − θ) h + θ w,   x ← x − γ h
 * </pre>
 * all oracles at the current (x, y, z). The state keeps h.
 */
public final class MaSoba implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final double theta, radius;
    private final long seed;

    public MaSoba(StochasticSettings settings, double theta, double radius, long seed) {
        if (!(theta > 0 && theta <= 1)) throw new IllegalArgumentException("ma-soba: theta must be in (0, 1], got " + theta);
        this.st = settings;
        this.theta = theta;
        this.radius = radius;
        this.seed = seed;
    }

    @Override public String name() { return "ma-soba"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) {
        StochasticState s = st.init(problem, x0, y0, seed);
        s.keep("h", x0.zerosLike());
        return s;
    }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        BilevelProblem g = s.nextInner(), f = s.nextOuter();
        Vec x = s.x, y = s.y, z = s.v;
        Vec gy = g.innerGradY(x, y);
        Vec dz = g.innerHvpYY(x, y, z).axpy(-1, f.outerGradY(x, y));
        Vec w = f.outerGradX(x, y).axpy(-1, g.innerCrossXY(x, y, z));
        NonFiniteException.check("MA-SOBA hypergradient estimate w", w);
        Vec h = s.buf("h").scale(1 - theta).axpy(theta, w);
        s.hypergradient = h.copy();
        y.axpy(-st.rho(t), gy);
        z.axpy(-st.rho(t), dz);
        double nz = z.norm();
        if (nz > radius) z.scale(radius / nz);
        s.moveX(s.outerStep(st, t, h, gy, dz), h);
    }
}
