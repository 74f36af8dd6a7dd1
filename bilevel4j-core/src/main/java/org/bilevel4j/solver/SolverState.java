package org.bilevel4j.solver;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * The explicit state of a run: the outer variable x, the inner variable y, the iteration, and what a solver
 * keeps between steps. Solvers extend it with their own fields (z of BVFIM and MinimaxOPT, multipliers,
 * momentum buffers, warm-started linear-system solutions).
 */
public class SolverState {
    /** The problem as the solver sees it (counted). */
    public final BilevelProblem problem;
    public Vec x;
    public Vec y;
    /** Outer iterations completed. */
    public long iteration;
    /** The last hypergradient estimate, for the trace's hypergradient error; null for methods without one. */
    public Vec hypergradient;
    /** Scalars a solver reports per iteration (multiplier alpha, barrier gamma, smoothing mu, ...). */
    public final Map<String, Double> extras = new LinkedHashMap<>();

    public SolverState(BilevelProblem problem, Vec x, Vec y) {
        this.problem = problem;
        this.x = x;
        this.y = y;
    }
}
