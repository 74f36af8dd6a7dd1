package org.bilevel4j.solver;

/** Observes a run: progress bars, trace files, checkpoints. */
public interface RunListener {
    default void onStart(SolverState state, StopRule stop) {}

    default void onRow(TraceRow row, SolverState state) {}

    default void onEnd(RunResult result) {}
}
