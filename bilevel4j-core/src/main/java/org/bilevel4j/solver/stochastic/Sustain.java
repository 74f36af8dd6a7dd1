package org.bilevel4j.solver.stochastic;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.NonFiniteException;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;

/**
 * SUSTAIN (Khanduri, Zeng, Hong, Wai, Wang, Yang 2021, Algorithm 1; docs/STOCHASTIC.md §9): MRBO's recursive
 * momentum with Ghadimi and Wang's randomly truncated Neumann estimate (one draw of p and of the Hessian batches
 * shared by u_t and u_{t−1}):
 * <pre>
 *   d_y ← ∇_y G_i(u_t) + (1 − η_t)(d_y − ∇_y G_i(u_{t−1})),  d_x ← ĝ(u_t) + (1 − η_t)(d_x − ĝ(u_{t−1}))
 *   x ← x − γ_t d_x,   y ← y − ρ_t d_y
 * </pre>
 */
public final class Sustain implements Solver<StochasticState> {
    private final StochasticSettings st;
    private final double momentum, eta;
    private final int q;
    private final long seed;

    public Sustain(StochasticSettings settings, double momentum, int neumannSteps, double neumannStep, long seed) {
        this.st = settings;
        this.momentum = momentum;
        this.q = neumannSteps;
        this.eta = neumannStep;
        this.seed = seed;
    }

    @Override public String name() { return "sustain"; }

    @Override public StochasticState init(BilevelProblem problem, Vec x0, Vec y0) { return st.init(problem, x0, y0, seed); }

    @Override public void step(StochasticState s) {
        RecursiveMomentum.step(s, st, momentum, q, eta, false);
        NonFiniteException.check("SUSTAIN direction d_x", s.hypergradient);
    }
}
