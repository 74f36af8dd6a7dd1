package org.bilevel4j.solver;

import java.util.List;
import java.util.Map;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.vec.Vec;

/**
 * The one run loop every solver shares: counts oracles, stops by iterations, time, oracle budget or
 * tolerance (on the solver's stop quantity, never on the length of a step), or when the solver has nothing left to do
 * ({@link Solver#finished}), records the trace, informs listeners, and
 * stops with {@link DivergedException} when an iterate or a quantity becomes NaN or infinite, or grows by orders of
 * magnitude ({@link StopRule#divergenceGrowth}), keeping the last good iterate and the trace up to it.
 * Trace quantities are evaluated on the uncounted problem and their time is not solver time.
 * {@link #resume} continues a run from a checkpoint ({@link Resume}) exactly where it stopped.
 */
public final class Runner {
    private Runner() {}

    /**
     * Where a run left off: its saved state ({@link SolverState#save}), the trace rows so far, the oracle counts
     * and the solver seconds. Resumed with the same solver, problem, start and stop rule, the run continues as if
     * it had never stopped (same iterates bit for bit, same counts; only the seconds differ).
     */
    public record Resume(Snapshot state, List<TraceRow> trace, OracleCounts counts, double seconds) {}

    public static <S extends SolverState> RunResult run(Solver<S> solver, BilevelProblem problem, Vec x0, Vec y0, StopRule stop) {
        return run(solver, problem, x0, y0, stop, List.of());
    }

    public static <S extends SolverState> RunResult run(Solver<S> solver, BilevelProblem problem, Vec x0, Vec y0,
                                                        StopRule stop, List<RunListener> listeners) {
        CountingProblem counted = problem instanceof CountingProblem c ? c : new CountingProblem(problem);
        BilevelProblem raw = counted.uncounted();
        Vec.requireDim("x0", x0, raw.dimX());
        Vec.requireDim("y0", y0, raw.dimY());
        if (!x0.isFinite()) throw new IllegalArgumentException("x0 has a NaN or infinite entry");
        if (!y0.isFinite()) throw new IllegalArgumentException("y0 has a NaN or infinite entry");

        Trace trace = new Trace();
        long start = System.nanoTime();
        S s = solver.init(counted, x0.copy(), y0.copy());
        double seconds = (System.nanoTime() - start) * 1e-9;
        Start ref = Start.of(s, raw);
        for (RunListener l : listeners) l.onStart(s, stop);
        record(trace, s, raw, counted, seconds, null, ref, Map.of(), null, listeners, false);
        return loop(solver, s, raw, counted, stop, listeners, trace, seconds, ref);
    }

    /**
     * Continues a checkpointed run: init (for the state's structure; its oracle calls are then overwritten by the
     * saved counts), restore the saved state, counts, trace and seconds, and run on to {@code stop}.
     */
    public static <S extends SolverState> RunResult resume(Solver<S> solver, BilevelProblem problem, Vec x0, Vec y0,
                                                           StopRule stop, List<RunListener> listeners, Resume from) {
        CountingProblem counted = problem instanceof CountingProblem c ? c : new CountingProblem(problem);
        BilevelProblem raw = counted.uncounted();
        S s = solver.init(counted, x0.copy(), y0.copy());
        Start ref = Start.of(s, raw); // the same start values as the interrupted run had
        s.restore(from.state());
        OracleCounts counts = counted.counts();
        for (Oracle o : Oracle.values()) counts.set(o, from.counts().get(o), from.counts().samples(o));
        counts.setSharedSamples(from.counts().sharedSamples(true), from.counts().sharedSamples(false)); // fused calls' one-pass reads
        Trace trace = new Trace();
        for (TraceRow row : from.trace()) trace.add(row);
        for (RunListener l : listeners) l.onStart(s, stop);
        return loop(solver, s, raw, counted, stop, listeners, trace, from.seconds(), ref);
    }

    /** What growth and the hypergradient error are measured against: norms and outer value at the start. */
    private record Start(double xNorm, double yNorm, double outerValue, double hypergradNorm) {
        static Start of(SolverState s, BilevelProblem raw) {
            Vec g = raw.exactHypergradient(s.x);
            return new Start(s.x.norm(), s.y.norm(), raw.outerValue(s.x, s.y), g == null ? Double.NaN : g.norm());
        }
    }

    private static <S extends SolverState> RunResult loop(Solver<S> solver, S s, BilevelProblem raw, CountingProblem counted,
                                                          StopRule stop, List<RunListener> listeners, Trace trace, double seconds,
                                                          Start ref) {
        String status = "max-iterations";
        Vec lastX = s.x.copy(), lastY = s.y.copy();
        org.bilevel4j.problem.Episodic episodic = org.bilevel4j.problem.Episodic.of(raw);
        while (s.iteration < stop.maxIterations()) {
            // episodic problems: the next meta-batch, drawn outside solver time; fresh heads for new episodes
            if (episodic != null && episodic.advance() && episodic.freshInnerPerDraw()) s.resetInner(raw.initialY());
            lastX.assign(s.x);
            lastY.assign(s.y);
            long t0 = System.nanoTime();
            String bad = null;
            try {
                solver.step(s);
            } catch (NonFiniteException e) {
                bad = e.quantity();
            }
            seconds += (System.nanoTime() - t0) * 1e-9;
            s.iteration++;
            if (bad == null && !s.x.isFinite()) bad = "x (outer variable)";
            if (bad == null && !s.y.isFinite()) bad = "y (inner variable)";
            if (bad != null) throw diverged(s, bad, NAN, lastX, lastY, seconds, trace, counted, solver, listeners);
            // y first: an inner iterate that ran away drags x along in the same step (x moves after y)
            for (String v : new String[] {"y (inner variable)", "x (outer variable)"}) {
                double now = v.startsWith("x") ? s.x.norm() : s.y.norm(), start = v.startsWith("x") ? ref.xNorm() : ref.yNorm();
                if (now > stop.divergenceGrowth() * (1 + start))
                    throw diverged(s, v, "grew from norm " + fmt(start) + " to " + fmt(now) + ", more than " + fmt(stop.divergenceGrowth())
                            + " times (1 + start)", lastX, lastY, seconds, trace, counted, solver, listeners);
            }

            if (s.iteration >= stop.maxIterations()) status = "max-iterations";
            else if (seconds >= stop.maxSeconds()) status = "time-budget";
            else if (counted.counts().total() >= stop.maxOracleCalls()) status = "oracle-budget";
            else if (stop.tolerance() > 0 && small(s, lastX, raw, stop.tolerance(), solver)) status = "converged";
            else if (solver.finished(s)) status = "finished";
            else status = null;

            // listeners' per-step checks (the health audit): after the step, outside solver time and counts
            Map<String, Double> notes = new java.util.LinkedHashMap<>();
            if (status != null && episodic != null) episodic.lastRow();
            for (RunListener l : listeners) notes.putAll(l.afterStep(s, lastX, raw));
            if (status != null || stop.traces(s.iteration)) {
                // refit metrics on the last row and every refitEvery rows (the row about to be added is number trace.size())
                boolean refit = status != null || stop.refitEvery() > 0 && trace.size() % stop.refitEvery() == 0;
                TraceRow row = record(trace, s, raw, counted, seconds, lastX, ref, notes, stop, listeners, refit);
                if (!Double.isFinite(row.outerValue()))
                    throw diverged(s, "outer value", NAN, lastX, lastY, seconds, trace, counted, solver, listeners);
                if (rose(row, ref, stop))
                    throw diverged(s, "outer value", "rose from " + fmt(ref.outerValue()) + " to " + fmt(row.outerValue()) + ", more than "
                            + fmt(stop.divergenceGrowth()) + " times (1 + |start|)", lastX, lastY, seconds, trace, counted, solver, listeners);
            }
            for (RunListener l : listeners) l.onIteration(s, trace, counted.counts(), seconds);
            if (status != null) break;
        }
        if (status == null) status = "max-iterations";
        RunResult r = new RunResult(raw.name(), solver.name(), status, "", s.iteration, seconds, counted.counts().snapshot(),
                trace.last(), s.x.copy(), s.y.copy(), trace);
        for (RunListener l : listeners) l.onEnd(r);
        return r;
    }

    private static final String NAN = "became NaN or infinite";

    /** The outer value rose by more than the growth factor times (1 + |start|); falling never counts. */
    private static boolean rose(TraceRow row, Start ref, StopRule stop) {
        return row.outerValue() - ref.outerValue() > stop.divergenceGrowth() * (1 + Math.abs(ref.outerValue()));
    }

    private static String fmt(double d) { return String.format(java.util.Locale.ROOT, "%.3g", d); }

    /**
     * The tolerance stop: the solver's stop quantity d ({@link SolverState#hypergradient}: the hypergradient estimate,
     * or the method's own search direction) projected on the box,
     * x − Proj(x − d) at the x before the step, relative to the first one. A collapsed step is never convergence.
     */
    private static boolean small(SolverState s, Vec xBefore, BilevelProblem raw, double tolerance, Solver<?> solver) {
        if (s.hypergradient == null)
            throw new IllegalArgumentException("solver " + solver.name() + " reports no stop quantity (a hypergradient or search "
                    + "direction), so --tolerance cannot be used with it; stop by iterations, time or oracle calls");
        Vec moved = xBefore.copy().axpy(-1, s.hypergradient);
        if (raw.bounds() != null) raw.bounds().project(moved);
        double norm = Vec.distance(xBefore, moved);
        if (Double.isNaN(s.directionNorm0)) s.directionNorm0 = norm;
        return norm <= tolerance * s.directionNorm0;
    }

    private static TraceRow record(Trace trace, SolverState s, BilevelProblem raw, CountingProblem counted, double seconds,
                                   Vec xBeforeStep, Start ref, Map<String, Double> notes, StopRule stop, List<RunListener> listeners,
                                   boolean refit) {
        double hypergradError = Double.NaN, hypergradErrorAbs = Double.NaN;
        if (s.hypergradient != null && xBeforeStep != null) {
            Vec exact = raw.exactHypergradient(xBeforeStep);
            if (exact != null) { // relative to the larger of ||∇Φ(x)|| and ||∇Φ(x₀)||: finite as ∇Φ(x) → 0
                hypergradErrorAbs = Vec.distance(s.hypergradient, exact);
                double scale = Math.max(exact.norm(), Double.isNaN(ref.hypergradNorm()) ? 0 : ref.hypergradNorm());
                hypergradError = hypergradErrorAbs / Math.max(scale, 1e-300);
            }
        }
        Map<String, Double> metrics = raw.metrics(s.x, s.y);
        if (refit) {
            Map<String, Double> r = raw.refitMetrics(s.x, s.y);
            if (!r.isEmpty()) {
                metrics = new java.util.LinkedHashMap<>(metrics);
                metrics.putAll(r);
            }
        }
        Map<String, Double> extras = s.extras;
        if (!notes.isEmpty()) {
            extras = new java.util.LinkedHashMap<>(s.extras);
            extras.putAll(notes);
        }
        TraceRow row = new TraceRow(s.iteration, seconds, counted.counts().asMap(), raw.outerValue(s.x, s.y),
                raw.innerGradY(s.x, s.y).norm(), raw.distanceToSolution(s.x), hypergradError, hypergradErrorAbs,
                Map.copyOf(metrics), withPasses(extras, counted.counts().passes()));
        // a diverged row: the caller stops, the trace keeps the last good one
        if (!Double.isFinite(row.outerValue()) || stop != null && rose(row, ref, stop)) return row;
        trace.add(row);
        for (RunListener l : listeners) l.onRow(row, s);
        return row;
    }

    /** The solver's scalars plus {@code passes} (OracleCounts#passes), so trace.csv shows data passes per row. */
    private static Map<String, Double> withPasses(Map<String, Double> extras, double passes) {
        Map<String, Double> m = new java.util.LinkedHashMap<>(extras);
        m.put("passes", passes);
        return java.util.Collections.unmodifiableMap(m);
    }

    private static DivergedException diverged(SolverState s, String quantity, String what, Vec lastX, Vec lastY, double seconds, Trace trace,
                                              CountingProblem counted, Solver<?> solver, List<RunListener> listeners) {
        RunResult partial = new RunResult(counted.name(), solver.name(), "diverged",
                "iteration " + s.iteration + ": " + quantity + " " + what, s.iteration - 1, seconds,
                counted.counts().snapshot(), trace.last(), lastX.copy(), lastY.copy(), trace);
        for (RunListener l : listeners) l.onEnd(partial);
        return new DivergedException(s.iteration, quantity, what, partial);
    }
}
