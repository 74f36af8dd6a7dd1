package org.bilevel4j.solver.stochastic;

import org.bilevel4j.opt.Rng;
import org.bilevel4j.opt.Snapshot;

/**
 * benchopt's mini-batch sampler: the samples 0..n−1 cut once into consecutive batches of {@code size} (the last
 * one smaller when size does not divide n), visited in a fresh random order every epoch. Fixed batches give the
 * SAGA tables of {@link SagaTable} one row per batch. The order, the position and the random stream are saved
 * in checkpoints.
 */
final class BatchCycle {
    final int n, size, count;
    private final int[] order;
    private int pos;
    /** The batch drawn last (−1 before the first draw); for tests. */
    int last = -1;
    private final Rng rng;

    BatchCycle(int n, int size, long seed) {
        if (size < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        this.n = n;
        this.size = Math.min(size, n);
        this.count = (n + this.size - 1) / this.size;
        this.order = new int[count];
        for (int k = 0; k < count; k++) order[k] = k;
        this.rng = new Rng(seed);
        this.pos = count; // shuffle before the first draw
    }

    /** The next batch of the epoch (a new random order when the epoch is over). */
    int next() {
        if (pos == count) {
            for (int i = count - 1; i > 0; i--) { // Fisher-Yates
                int j = rng.nextInt(i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            pos = 0;
        }
        return last = order[pos++];
    }

    /** The sample indices of batch k. */
    int[] indices(int k) {
        int from = k * size, to = Math.min(n, from + size);
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        return idx;
    }

    /** |B_k| / n: the weight of batch k in the full mean. */
    double weight(int k) { return (double) indices(k).length / n; }

    void save(Snapshot out, String key) {
        double[] o = new double[count];
        for (int k = 0; k < count; k++) o[k] = order[k];
        out.putArray(key + ".order", o).putLong(key + ".pos", pos).putLong(key + ".rng", rng.state());
    }

    void restore(Snapshot in, String key) {
        double[] o = in.vec(key + ".order").toArray();
        if (o.length != count) throw new IllegalArgumentException("checkpointed " + key + " has " + o.length + " batches, this run " + count);
        for (int k = 0; k < count; k++) order[k] = (int) o[k];
        pos = (int) in.integer(key + ".pos");
        rng.setState(in.integer(key + ".rng"));
    }
}
