package org.bilevel4j.torch;

import org.bytedeco.pytorch.Tensor;

/**
 * The samples an oracle call reads: their indices into the full data (per-sample hyper-parameters need them) and
 * whether the call is training (batch norm on batch statistics) or evaluation (frozen statistics).
 */
public final class Batch {
    private final int[] indices;
    private final boolean full;
    private final boolean training;
    private Tensor index;

    Batch(int[] indices, boolean full, boolean training) {
        this.indices = indices;
        this.full = full;
        this.training = training;
    }

    /** All n samples in order; {@code training} as for an oracle call or false for evaluation. */
    public static Batch all(int n, boolean training) { return new Batch(org.bilevel4j.problem.Batches.all(n), true, training); }

    /** Sample indices into the full data, ascending as the view was built. */
    public int[] indices() { return indices.clone(); }

    public int size() { return indices.length; }

    /** True when the batch is all the samples in order. */
    public boolean full() { return full; }

    /** True during optimization (batch statistics), false for evaluation. */
    public boolean training() { return training; }

    /** The indices as a long tensor. */
    public Tensor index() {
        if (index == null) index = TorchSetup.longs(indices);
        return index;
    }

    /** The rows of {@code data} (first dimension = samples) that this batch reads; the tensor itself when full. */
    public Tensor rows(Tensor data) { return full ? data : data.index_select(0, index()); }
}
