package org.bilevel4j.solver;

import org.bilevel4j.problem.OracleCounts;

/** Observes a run: progress bars, trace files, checkpoints. */
public interface RunListener {
    default void onStart(SolverState state, StopRule stop) {}

    default void onRow(TraceRow row, SolverState state) {}

    /**
     * After every completed iteration whose iterates are finite (and its trace row, if one was due): the
     * moment a checkpoint can be taken. {@code counts} and {@code trace} are live; copy what is kept.
     */
    default void onIteration(SolverState state, Trace trace, OracleCounts counts, double solverSeconds) {}

    default void onEnd(RunResult result) {}
}
