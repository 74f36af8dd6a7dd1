package org.bilevel4j.solver;

import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * A bilevel method as {@code init} and {@code step} on explicit state (DESIGN.md layer 4). One step is one
 * outer iteration. Stopping, trace recording, listeners and divergence checks live in {@link Runner}.
 */
public interface Solver<S extends SolverState> {
    String name();

    /** The state before the first step; x0 and y0 are copied, never modified. */
    S init(BilevelProblem problem, Vec x0, Vec y0);

    /** One outer iteration: updates state.x, state.y and whatever else the method keeps. */
    void step(S state);

    /**
     * Whether the method has nothing left to do (random search after its last draw): the run then stops with status
     * "finished" instead of stepping on, unchanged, to its iteration or time limit.
     */
    default boolean finished(S state) { return false; }
}
