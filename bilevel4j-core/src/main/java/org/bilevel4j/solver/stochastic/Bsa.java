package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * BSA (Ghadimi and Wang 2018, Algorithm 2; docs/STOCHASTIC.md §8): a loop of inner SGD steps, then one outer
 * step along a randomly truncated Neumann estimate:
 * <pre>
 *   T times:  y ← y − β_t ∇_y G_B(x, y)
 *   ĝ = ∇_x F_j(x, y) − ∇²_xy G_i(x, y) · Q η Π_{k≤p} (I − η ∇²_yy G_{B_k}) ∇_y F_j(x, y),  p ~ U{0..Q−1}
 *   x ← x − α_t ĝ
 * </pre>
 */
public final class Bsa implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final int innerSteps, q;
    private final double eta;
    private final long seed;

    public Bsa(StochasticSettings settings, int innerSteps, int neumannSteps, double neumannStep, long seed) {
        this.st = settings;
        this.innerSteps = innerSteps;
        this.q = neumannSteps;
        this.eta = neumannStep;
        this.seed = seed;
    }

    @Override public String name() { return "bsa"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) { return st.init(problem, x0, y0, seed); }

    @Override public void step(StochasticState s) {
        long t = s.iteration;
        for (int k = 0; k < innerSteps; k++) s.y.axpy(-st.rho(t), s.nextInner().innerGradY(s.x, s.y));
        BilevelProblem f = s.nextOuter(), g = s.nextInner();
        Vec h = Neumann.hypergradient(f, g, Neumann.draw(s, s.rng.nextInt(q)), s.x, s.y, eta, q, false);
        NonFiniteException.check("BSA hypergradient estimate", h);
        s.hypergradient = h;
        s.moveX(st.gamma(t), h);
    }
}
