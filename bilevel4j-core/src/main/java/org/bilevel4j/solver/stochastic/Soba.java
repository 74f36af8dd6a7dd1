package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * SOBA (Dagréou, Ablin, Vaiter, Moreau 2022, Algorithm 1; docs/STOCHASTIC.md §1): one inner batch i and one
 * outer batch j per iteration, the three directions of {@link Directions} at the current (x, y, v), then
 * <pre>
 *   y ← y − ρ_t D_y,   v ← v − ρ_t D_v,   x ← x − γ_t D_x         
 * </pre>
 * The paper's theorem uses ρ_t ∝ t^−2/5, γ_t ∝ t^−3/5 (set innerDecay, outerDecay); the defaults are constant.
 */
public final class Soba implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final long seed;

    public Soba(StochasticSettings settings, long seed) {
        this.st = settings;
        this.seed = seed;
    }

    @Override public String name() { return "soba"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) { return st.init(problem, x0, y0, seed); }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        Directions d = Directions.at(s.nextInner(), s.nextOuter(), s.x, s.y, s.v);
        Vec dx = d.dx();
        NonFiniteException.check("SOBA direction D_x", dx);
        s.hypergradient = dx;
        Vec dy = d.dy(), dv = d.dv();
        s.y.axpy(-st.rho(t), dy);
        s.v.axpy(-st.rho(t), dv);
        s.moveX(s.outerStep(st, t, dx, dy, dv), dx);
    }
}
