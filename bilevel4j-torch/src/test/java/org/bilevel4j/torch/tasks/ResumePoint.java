package org.bilevel4j.torch.tasks;

import java.util.ArrayList;
import java.util.List;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.RunListener;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.SolverState;
import org.bilevel4j.solver.Trace;
import org.bilevel4j.solver.TraceRow;

/** A listener that saves what a checkpoint holds (state, trace, counts, seconds) after one iteration, to resume from. */
final class ResumePoint implements RunListener {
    private final long iteration;
    Snapshot state;
    private List<TraceRow> rows;
    private OracleCounts counts;
    private double seconds;

    ResumePoint(long iteration) { this.iteration = iteration; }

    @Override public void onIteration(SolverState s, Trace trace, OracleCounts c, double sec) {
        if (s.iteration != iteration) return;
        state = new Snapshot();
        s.save(state);
        rows = new ArrayList<>(trace.rows());
        counts = c.snapshot();
        seconds = sec;
    }

    Runner.Resume resume() {
        if (state == null) throw new IllegalStateException("the run never reached iteration " + iteration);
        return new Runner.Resume(state, rows, counts, seconds);
    }
}
