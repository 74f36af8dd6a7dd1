package org.bilevel4j.solver;

/**
 * When a run stops: after {@code maxIterations} outer iterations, {@code maxSeconds} of solver time,
 * {@code maxOracleCalls} oracle calls of any kind, or when the solver's stop quantity ({@link SolverState#hypergradient}:
 * the hypergradient estimate, or the method's own search direction, projected on the box) falls to {@code tolerance}
 * times its first value (0 disables). Trace rows are recorded every {@code traceEvery} iterations and at the end, or,
 * with {@code traceEvery} = {@link #LOG_SPACED}, at every iteration up to 100, then every 10th up to 1000, every 100th up
 * to 10⁴ and so on (about 90 rows a decade; {@link #traces}).
 * A run is stopped as diverged when x or y grows to more than {@code divergenceGrowth} times (1 + its start norm), or
 * the outer value rises by more than {@code divergenceGrowth} (1 + |its start|); decreases never count (an outer value
 * unbounded below, as poison's −CE, is not divergence). The refit metrics of a task that has them
 * ({@link org.bilevel4j.problem.BilevelProblem#refitMetrics}) are computed on the last row and every {@code refitEvery}
 * trace rows (0: the last row only).
 */
public record StopRule(long maxIterations, double maxSeconds, long maxOracleCalls, double tolerance, int traceEvery,
                       double divergenceGrowth, int refitEvery) {
    /**
     * The value of {@code traceEvery} for log-spaced rows ({@code --trace-every auto}): a long run of cheap stochastic steps
     * then spends its time on steps, not on trace rows, and the rows still fall at the same iterations in every run and
     * after every resume.
     */
    public static final int LOG_SPACED = 0;

    /** The default growth that counts as divergence: six orders of magnitude. */
    public static final double DEFAULT_GROWTH = 1e6;

    public StopRule {
        if (maxIterations < 0) throw new IllegalArgumentException("iterations must be >= 0");
        if (traceEvery < 0) throw new IllegalArgumentException("traceEvery must be >= 1, or LOG_SPACED (0)");
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

    /** Whether iteration k gets a trace row by the cadence (the last iteration of a run always does). */
    public boolean traces(long k) { return traceEvery > 0 ? k % traceEvery == 0 : k <= 100 || k % logStep(k) == 0; }

    /** The first iteration at or after k that gets a row by the cadence. */
    public long nextTraced(long k) {
        long step = traceEvery > 0 ? traceEvery : k <= 100 ? 1 : logStep(k);
        return Math.floorDiv(k + step - 1, step) * step; // rounding up past 10^d lands on 10^d, a multiple of the next step
    }

    /** The cadence in words, for messages: "every N iterations" or "log-spaced". */
    public String cadence() { return traceEvery > 0 ? "every " + traceEvery + " iterations" : "log-spaced (every iteration to 100, then 90 a decade)"; }

    /** 10^(d − 2) for a k ≥ 100 of d digits: the log-spaced rows' step in k's decade. */
    private static long logStep(long k) {
        long step = 1;
        for (long t = k; t >= 100; t /= 10) step *= 10;
        return step;
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
