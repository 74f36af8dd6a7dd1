package org.bilevel4j.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/** Calls per oracle kind. Mini-batch calls count as calls; {@link #samples} adds the samples they touched. */
public final class OracleCounts {
    private final long[] calls = new long[Oracle.values().length];
    private final long[] samples = new long[Oracle.values().length];
    private long outerTotal = 1, innerTotal = 1; // samples of the full outer / inner finite sums, for passes()
    private long outerShared, innerShared; // samples that a fused call's further parts read in its one pass

    /** The sizes of the full finite sums (set by {@link CountingProblem}); a pass reads all of them once. */
    public synchronized void setTotals(long outerSamples, long innerSamples) {
        outerTotal = Math.max(1, outerSamples);
        innerTotal = Math.max(1, innerSamples);
    }

    /** True for the kinds that read the outer samples (F), false for the inner ones (G). */
    public static boolean isOuter(Oracle o) {
        return switch (o) {
            case outerValue, outerGradX, outerGradY, outerHvp, outerCross -> true;
            default -> false;
        };
    }

    /**
     * Passes over the data: a pass is one read of the samples an oracle call touches, so a full-data call counts 1
     * and a mini-batch call its share, samples touched / samples of its finite sum (1 per call when the problem is
     * not a finite sum). Computed from the sample counts, so it survives a checkpoint unchanged.
     */
    public synchronized double passes() {
        double outer = 0, inner = 0;
        for (Oracle o : Oracle.values()) {
            if (isOuter(o)) outer += samples[o.ordinal()];
            else inner += samples[o.ordinal()];
        }
        return (outer - outerShared) / outerTotal + (inner - innerShared) / innerTotal;
    }

    /**
     * A fused call ({@link BilevelProblem#innerAt}): one call of each kind, each touching {@code sampleCount}
     * samples, all answered in one read of them, so passes grow by one read only. The kinds are all outer or all inner.
     */
    public synchronized void addFused(java.util.List<Oracle> kinds, long sampleCount) {
        if (kinds.isEmpty()) return;
        for (Oracle o : kinds) add(o, sampleCount);
        long extra = (long) (kinds.size() - 1) * sampleCount;
        if (isOuter(kinds.get(0))) outerShared += extra;
        else innerShared += extra;
    }

    /** Samples read by the further parts of fused calls (not read again), outer or inner; for checkpoints. */
    public synchronized long sharedSamples(boolean outer) { return outer ? outerShared : innerShared; }

    /** Restores {@link #sharedSamples} from a checkpoint. */
    public synchronized void setSharedSamples(long outer, long inner) {
        outerShared = outer;
        innerShared = inner;
    }

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
        c.outerTotal = outerTotal;
        c.innerTotal = innerTotal;
        c.outerShared = outerShared;
        c.innerShared = innerShared;
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
        outerShared = innerShared = 0;
    }

    /** Kind name to call count, in enum order. */
    public synchronized Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Oracle o : Oracle.values()) m.put(o.name(), calls[o.ordinal()]);
        return m;
    }

    @Override public String toString() { return asMap().toString(); }
}
