package org.bilevel4j.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/** Calls per oracle kind. Mini-batch calls count as calls; {@link #samples} adds the samples they touched. */
public final class OracleCounts {
    private final long[] calls = new long[Oracle.values().length];
    private final long[] samples = new long[Oracle.values().length];

    public synchronized void add(Oracle o, long sampleCount) {
        calls[o.ordinal()]++;
        samples[o.ordinal()] += sampleCount;
    }

    public synchronized long get(Oracle o) { return calls[o.ordinal()]; }

    public synchronized long samples(Oracle o) { return samples[o.ordinal()]; }

    /** Gradient-type calls of first order (the papers' "gradient calls"). */
    public synchronized long gradientCalls() {
        return get(Oracle.outerGradX) + get(Oracle.outerGradY) + get(Oracle.innerGradX) + get(Oracle.innerGradY);
    }

    /** Every call of any kind. */
    public synchronized long total() {
        long s = 0;
        for (long c : calls) s += c;
        return s;
    }

    public synchronized OracleCounts snapshot() {
        OracleCounts c = new OracleCounts();
        System.arraycopy(calls, 0, c.calls, 0, calls.length);
        System.arraycopy(samples, 0, c.samples, 0, samples.length);
        return c;
    }

    /** Sets the calls and samples of one kind (restoring a checkpoint). */
    public synchronized void set(Oracle o, long callCount, long sampleCount) {
        calls[o.ordinal()] = callCount;
        samples[o.ordinal()] = sampleCount;
    }

    public synchronized void reset() {
        java.util.Arrays.fill(calls, 0);
        java.util.Arrays.fill(samples, 0);
    }

    /** Kind name to call count, in enum order. */
    public synchronized Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Oracle o : Oracle.values()) m.put(o.name(), calls[o.ordinal()]);
        return m;
    }

    @Override public String toString() { return asMap().toString(); }
}
