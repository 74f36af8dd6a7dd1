package org.bilevel4j.solver;

import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.vec.Vec;

/**
 * The outcome of a run. {@code status} is one of: max-iterations, time-budget, oracle-budget, converged,
 * diverged. For a diverged run x and y are the last good iterates and {@code message} names the iteration
 * and the quantity that stopped it. {@code wallSeconds} counts solver steps only, not trace evaluation.
 */
public record RunResult(String problem, String solver, String status, String message, long iterations,
                        double wallSeconds, OracleCounts oracles, TraceRow finalRow, Vec x, Vec y, Trace trace) {}
