package org.bilevel4j.solver;

/**
 * When a run stops: after {@code maxIterations} outer iterations, {@code maxSeconds} of solver time,
 * {@code maxOracleCalls} oracle calls of any kind, or when the relative change of x in one iteration falls
 * to {@code tolerance} (0 disables). Trace rows are recorded every {@code traceEvery} iterations and at the end.
 */
public record StopRule(long maxIterations, double maxSeconds, long maxOracleCalls, double tolerance, int traceEvery) {
    public StopRule {
        if (maxIterations < 0) throw new IllegalArgumentException("iterations must be >= 0");
        if (traceEvery < 1) throw new IllegalArgumentException("traceEvery must be >= 1");
    }

    public static StopRule iterations(long n) {
        return new StopRule(n, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 0, 1);
    }

    public StopRule withTraceEvery(int every) { return new StopRule(maxIterations, maxSeconds, maxOracleCalls, tolerance, every); }

    public StopRule withMaxSeconds(double s) { return new StopRule(maxIterations, s, maxOracleCalls, tolerance, traceEvery); }

    public StopRule withMaxOracleCalls(long n) { return new StopRule(maxIterations, maxSeconds, n, tolerance, traceEvery); }

    public StopRule withTolerance(double t) { return new StopRule(maxIterations, maxSeconds, maxOracleCalls, t, traceEvery); }
}
