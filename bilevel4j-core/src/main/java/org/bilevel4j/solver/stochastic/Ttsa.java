package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * TTSA (Hong, Wai, Wang, Yang 2023, Algorithm 1; docs/STOCHASTIC.md §7): two time scales, one inner SGD step
 * per outer step:
 * <pre>
 *   y ← y − β_t ∇_y G_i(x, y)                                                   (β_t = ρ (t+1)^−2/5)
 *   ĝ = ∇_x F_j(x, y) − ∇²_xy G_i(x, y) z,   z = randomly truncated Neumann of ∇_y F_j (docs/STOCHASTIC.md §5)
 *   x ← x − α_t ĝ                                                                (α_t = γ (t+1)^−3/5)
 * </pre>
 * with y already updated in ĝ.
 */
public final class Ttsa implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final int q;
    private final double eta;
    private final long seed;

    public Ttsa(StochasticSettings settings, int neumannSteps, double neumannStep, long seed) {
        this.st = settings;
        this.q = neumannSteps;
        this.eta = neumannStep;
        this.seed = seed;
    }

    @Override public String name() { return "ttsa"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) { return st.init(problem, x0, y0, seed); }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        BilevelProblem g = s.nextInner();
        s.y.axpy(-st.rho(t), g.innerGradY(s.x, s.y));
        BilevelProblem f = s.nextOuter();
        Vec h = Neumann.hypergradient(f, g, Neumann.draw(s, s.rng.nextInt(q)), s.x, s.y, eta, q, false);
        NonFiniteException.check("TTSA hypergradient estimate", h);
        s.hypergradient = h;
        s.moveX(st.gamma(t), h);
    }
}
