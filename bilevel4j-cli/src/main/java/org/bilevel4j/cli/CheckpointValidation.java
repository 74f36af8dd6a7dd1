package org.bilevel4j.cli;

import java.util.List;
import java.util.Map;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;

/**
 * What a checkpoint must satisfy to be resumed, field by field: the stop rule is one the command line accepts, the
 * iteration lies in [0, maxIterations] and agrees with the state's, counts and seconds are finite and non-negative,
 * the trace holds a row at 0 and at every iteration of its cadence up to the iteration (every traceEvery-th, or
 * log-spaced: {@link StopRule#traces}; rows increasing, their counts
 * and seconds never above the totals), and every state vector (x, y, buffers) is finite: a checkpoint is only written
 * after a good iteration. Each failure is an IllegalArgumentException saying which field and why.
 */
final class CheckpointValidation {
    private CheckpointValidation() {}

    static void check(Checkpoint.Loaded c, long iterationField) {
        StopRule stop = c.setup().stop();
        if (stop.maxIterations() < 0) throw bad("stop.maxIterations is " + stop.maxIterations() + " (must be >= 0)");
        if (stop.traceEvery() < 0) throw bad("stop.traceEvery is " + stop.traceEvery() + " (must be >= 1, or 0: log-spaced)");
        if (!(stop.tolerance() >= 0 && Double.isFinite(stop.tolerance()))) throw bad("stop.tolerance is " + stop.tolerance() + " (must be finite and >= 0)");
        if (!(stop.maxSeconds() > 0)) throw bad("stop.timeLimitSeconds is " + stop.maxSeconds() + " (must be > 0)");
        if (stop.maxOracleCalls() < 1) throw bad("stop.maxOracleCalls is " + stop.maxOracleCalls() + " (must be >= 1)");

        Snapshot state = c.resume().state();
        long k = iterationField;
        if (k < 0 || k > stop.maxIterations()) throw bad("iteration " + k + " is outside [0, " + stop.maxIterations() + "] (the stop rule's maxIterations)");
        Long inState = state.integers().get("iteration");
        if (inState == null || inState != k) throw bad("iteration " + k + " but the solver state says " + inState);

        double seconds = c.resume().seconds();
        if (!(seconds >= 0 && Double.isFinite(seconds))) throw bad("solverSeconds is " + seconds + " (must be finite and >= 0)");
        OracleCounts counts = c.resume().counts();
        for (Oracle o : Oracle.values())
            if (counts.get(o) < 0 || counts.samples(o) < 0)
                throw bad("oracles." + o.name() + " has " + counts.get(o) + " calls and " + counts.samples(o) + " samples (must be >= 0)");

        List<TraceRow> trace = c.resume().trace();
        long previous = -1, nextMultiple = 0;
        double previousSeconds = 0;
        for (int i = 0; i < trace.size(); i++) {
            TraceRow r = trace.get(i);
            String at = "trace row " + (i + 1) + " (iteration " + r.iteration() + ")";
            if (r.iteration() <= previous || r.iteration() > k) throw bad(at + ": rows must increase and end at or before iteration " + k);
            if (r.iteration() > nextMultiple && nextMultiple <= k)
                throw bad("the trace has no row at iteration " + nextMultiple + " (rows " + stop.cadence() + "): it was cut or edited");
            if (r.iteration() == nextMultiple) nextMultiple = stop.nextTraced(nextMultiple + 1);
            if (!(r.seconds() >= previousSeconds && r.seconds() <= seconds)) throw bad(at + ": seconds " + r.seconds() + " out of order or above solverSeconds " + seconds);
            for (Map.Entry<String, Long> e : r.oracles().entrySet()) {
                long total;
                try {
                    total = counts.get(Oracle.valueOf(e.getKey()));
                } catch (IllegalArgumentException unknown) {
                    throw bad(at + ": unknown oracle '" + e.getKey() + "'");
                }
                if (e.getValue() < 0 || e.getValue() > total) throw bad(at + ": " + e.getKey() + " calls " + e.getValue() + " outside [0, " + total + "]");
            }
            previous = r.iteration();
            previousSeconds = r.seconds();
        }
        if (nextMultiple <= k) throw bad("the trace ends before iteration " + nextMultiple + " (rows " + stop.cadence() + " up to " + k + "): it was cut");

        for (Map.Entry<String, double[]> e : state.vectors().entrySet())
            for (int i = 0; i < e.getValue().length; i++)
                if (!Double.isFinite(e.getValue()[i])) throw bad("state vector " + e.getKey() + "[" + i + "] is " + e.getValue()[i] + " (checkpoints hold finite iterates only)");
        if (!state.vectors().containsKey("x") || !state.vectors().containsKey("y")) throw bad("the state has no x or no y");
    }

    private static IllegalArgumentException bad(String why) { return new IllegalArgumentException(why); }
}
