package org.bilevel4j.solver;

/**
 * When a run stops: after {@code maxIterations} outer iterations, {@code maxSeconds} of solver time,
 * {@code maxOracleCalls} oracle calls of any kind, or when the solver's stop quantity ({@link SolverState#hypergradient}:
 * the hypergradient estimate, or the method's own search direction, projected on the box) falls to {@code tolerance}
 * times its first value (0 disables). Trace rows are recorded every {@code traceEvery} iterations and at the end.
 * A run is stopped as diverged when x or y grows to more than {@code divergenceGrowth} times (1 + its start norm), or
 * the outer value rises by more than {@code divergenceGrowth} (1 + |its start|); decreases never count (an outer value
 * unbounded below, as poison's −CE, is not divergence). The refit metrics of a task that has them
 * ({@link org.bilevel4j.problem.BilevelProblem#refitMetrics}) are computed on the last row and every {@code refitEvery}
 * trace rows (0: the last row only).
 */
public record StopRule(long maxIterations, double maxSeconds, long maxOracleCalls, double tolerance, int traceEvery,
                       double divergenceGrowth, int refitEvery) {
    /** The default growth that counts as divergence: six orders of magnitude. */
    public static final double DEFAULT_GROWTH = 1e6;

    public StopRule {
        if (maxIterations < 0) throw new IllegalArgumentException("iterations must be >= 0");
        if (traceEvery < 1) throw new IllegalArgumentException("traceEvery must be >= 1");
        if (!(divergenceGrowth > 1)) throw new IllegalArgumentException("divergenceGrowth must be > 1 (Infinity: off), got " + divergenceGrowth);
        if (refitEvery < 0) throw new IllegalArgumentException("refitEvery must be >= 0 (0: at the end only), got " + refitEvery);
    }

    public StopRule(long maxIterations, double maxSeconds, long maxOracleCalls, double tolerance, int traceEvery, double divergenceGrowth) {
        this(maxIterations, maxSeconds, maxOracleCalls, tolerance, traceEvery, divergenceGrowth, 0);
    }

    public StopRule(long maxIterations, double maxSeconds, long maxOracleCalls, double tolerance, int traceEvery) {
        this(maxIterations, maxSeconds, maxOracleCalls, tolerance, traceEvery, DEFAULT_GROWTH);
    }

    public static StopRule iterations(long n) {
        return new StopRule(n, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 0, 1);
    }

    public StopRule withTraceEvery(int every) { return new StopRule(maxIterations, maxSeconds, maxOracleCalls, tolerance, every, divergenceGrowth, refitEvery); }

    public StopRule withMaxSeconds(double s) { return new StopRule(maxIterations, s, maxOracleCalls, tolerance, traceEvery, divergenceGrowth, refitEvery); }

    public StopRule withMaxOracleCalls(long n) { return new StopRule(maxIterations, maxSeconds, n, tolerance, traceEvery, divergenceGrowth, refitEvery); }

    public StopRule withTolerance(double t) { return new StopRule(maxIterations, maxSeconds, maxOracleCalls, t, traceEvery, divergenceGrowth, refitEvery); }

    /** Growth factor that counts as divergence ({@code Double.POSITIVE_INFINITY}: only NaN and infinity do). */
    public StopRule withDivergenceGrowth(double g) { return new StopRule(maxIterations, maxSeconds, maxOracleCalls, tolerance, traceEvery, g, refitEvery); }

    /** Refit metrics every {@code n} trace rows as well as on the last (0: the last only). */
    public StopRule withRefitEvery(int n) { return new StopRule(maxIterations, maxSeconds, maxOracleCalls, tolerance, traceEvery, divergenceGrowth, n); }
}
