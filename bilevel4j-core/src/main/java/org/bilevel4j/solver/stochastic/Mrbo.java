package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * MRBO (Yang, Ji, Liang 2021, Algorithm 1; docs/STOCHASTIC.md §9): recursive momentum on both the inner
 * gradient and the hypergradient estimate, the latter with the summed Neumann series of Q terms:
 * <pre>
 *   η_t = η (t+1)^−2/3,  ρ_t = ρ (t+1)^−1/3,  γ_t = γ (t+1)^−1/3       (benchopt's exponents)
 *   {@link RecursiveMomentum}: d_y, d_x ← STORM updates at u_t, u_{t−1};  x ← x − γ_t d_x,  y ← y − ρ_t d_y
 * </pre>
 */
public final class Mrbo implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final double momentum, eta;
    private final int q;
    private final long seed;

    public Mrbo(StochasticSettings settings, double momentum, int neumannSteps, double neumannStep, long seed) {
        this.st = settings;
        this.momentum = momentum;
        this.q = neumannSteps;
        this.eta = neumannStep;
        this.seed = seed;
    }

    @Override public String name() { return "mrbo"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) { return st.init(problem, x0, y0, seed); }

    @Override public void step(StochasticState s) {
        RecursiveMomentum.step(s, st, momentum, q, eta, true);
        NonFiniteException.check("MRBO direction d_x", s.hypergradient);
    }
}
