package org.bilevel4j.solver;

import org.bilevel4j.problem.OracleCounts;

/** Observes a run: progress bars, trace files, checkpoints. */
public interface RunListener {
    default void onStart(SolverState state, StopRule stop) {}

    default void onRow(TraceRow row, SolverState state) {}

    /**
     * After every step whose iterates are finite, before its trace row: a chance to inspect the state (the health
     * audit). {@code xBeforeStep} is the x the step's hypergradient was computed at; {@code raw} is the uncounted
     * problem. The returned numbers are added to the row's extras when a row is recorded. Must not change the state.
     */
    default java.util.Map<String, Double> afterStep(SolverState state, org.bilevel4j.vec.Vec xBeforeStep,
                                                    org.bilevel4j.problem.BilevelProblem raw) { return java.util.Map.of(); }

    /**
     * After every completed iteration whose iterates are finite (and its trace row, if one was due): the
     * moment a checkpoint can be taken. {@code counts} and {@code trace} are live; copy what is kept.
     */
    default void onIteration(SolverState state, Trace trace, OracleCounts counts, double solverSeconds) {}

    default void onEnd(RunResult result) {}
}
