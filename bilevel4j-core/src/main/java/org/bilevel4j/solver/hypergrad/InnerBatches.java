package org.bilevel4j.solver.hypergrad;

import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;

/**
 * Mini-batch inner steps for the hypergradient solvers ({@code innerBatch=B}): epochs of a seeded random permutation of
 * the n inner samples cut into consecutive batches of B (the last one n mod B when B does not divide n), so that every
 * sample is visited exactly once per epoch. Each inner step reads the view {@code p.batch(all outer, batch)}.
 * Its state (the stream at the start of the current epoch and the position in it) is part of the solver's checkpoint;
 * the permutation is redrawn from it on restore, so a resumed run continues bit for bit.
 */
public final class InnerBatches {
    /** {@code innerBatch} when the inner steps read the full data (today's behaviour). */
    public static final int FULL = 0;

    private final int n, size;
    private final Rng rng;
    private long epochStart;
    private int[] perm;
    private int pos; // next unread position of perm; 0: the next batch starts a new epoch (perm not drawn yet)
    private long epochs;

    public InnerBatches(int n, int size, long seed) {
        if (n < 1 || size < 1) throw new IllegalArgumentException("inner batches need n >= 1 and size >= 1");
        this.n = n;
        this.size = size;
        this.rng = new Rng(seed);
        this.epochStart = seed;
    }

    /**
     * Reads {@code innerBatch}: {@code full} (default, every inner step on all inner samples, bit for bit as before) or
     * an integer B >= 1 (B >= n samples is the full data). Returns B, or {@link #FULL}.
     */
    public static int option(BilevelProblem p, Options o) {
        String v = o.getString("innerBatch", "full", "inner samples per inner step: full (default, every step on all inner samples) "
                + "or B >= 1 (mini-batch SGD: epochs of a seeded permutation, each sample once per epoch)");
        if (v.equals("full")) return FULL;
        int b;
        try {
            b = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option innerBatch=" + v + " must be full or an integer >= 1");
        }
        if (b < 1) throw new IllegalArgumentException("option innerBatch=" + v + " must be full or an integer >= 1");
        return b >= p.innerSamples() ? FULL : b;
    }

    /** The inner loop's batch size ({@link #FULL} or B) and its steps per outer iteration D. */
    public record Plan(int batch, int steps) {}

    /**
     * Reads {@code innerBatch} ({@link #option}) and {@code innerEpochs}: E >= 1 sets D = E ceil(n / B) inner steps (E passes
     * over the inner samples; D = E when full), instead of {@code innerSteps} (which then must not be given).
     */
    public static Plan plan(BilevelProblem p, Options o, int innerSteps) {
        int b = option(p, o);
        int epochs = o.getInt("innerEpochs", 0, 0, "inner epochs per outer iteration: E >= 1 sets innerSteps = E ceil(n / innerBatch) "
                + "(0: innerSteps as given)");
        if (epochs == 0) return new Plan(b, innerSteps);
        if (o.has("innerSteps")) throw new IllegalArgumentException("give innerSteps or innerEpochs, not both");
        int n = p.innerSamples(), per = b == FULL ? 1 : (n + b - 1) / b;
        if ((long) epochs * per > Integer.MAX_VALUE) throw new IllegalArgumentException("option innerEpochs=" + epochs + " makes too many inner steps");
        return new Plan(b, epochs * per);
    }

    /** Creates the sampler of a solver state when {@code size} is a mini-batch (the seed is derived from the state's). */
    static void init(HypergradientDescent.State s, int size) {
        if (size != FULL) s.innerBatches = new InnerBatches(s.problem.innerSamples(), size, ~s.rng.state());
    }

    /** The inner-sample indices of the next inner step (ascending). */
    public int[] next() {
        if (pos == 0) {
            epochStart = rng.state();
            perm = permutation();
        }
        int end = Math.min(n, pos + size);
        int[] out = java.util.Arrays.copyOfRange(perm, pos, end);
        java.util.Arrays.sort(out);
        pos = end == n ? 0 : end;
        if (pos == 0) epochs++;
        return out;
    }

    /** The view of {@code p} an inner step reads: all outer samples, the next inner batch. */
    public BilevelProblem nextView(BilevelProblem p) { return p.batch(Batches.all(p.outerSamples()), next()); }

    /** Completed epochs. */
    public long epochs() { return epochs; }

    /** Fisher–Yates on 0..n−1 from the stream. */
    private int[] permutation() {
        int[] a = Batches.all(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    void save(Snapshot out) {
        out.putLong("innerBatches.epochStart", pos == 0 ? rng.state() : epochStart).putLong("innerBatches.pos", pos)
                .putLong("innerBatches.epochs", epochs);
    }

    void restore(Snapshot in) {
        epochStart = in.integer("innerBatches.epochStart");
        pos = (int) in.integer("innerBatches.pos");
        epochs = in.integer("innerBatches.epochs");
        rng.setState(epochStart);
        if (pos > 0) perm = permutation(); // leaves the stream where the run left it
    }
}
