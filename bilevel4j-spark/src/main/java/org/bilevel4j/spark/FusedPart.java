package org.bilevel4j.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The running sum of a fused pass: per point k, the scaled ∇_y (dim entries) and value (one entry) at
 * sums[k·(dim+1) ..], and the per-sample (x-space) slices of the blocks seen so far.
 */
final class FusedPart implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] sums;
    final Piece[][] slices;

    FusedPart(int points, int dim) {
        sums = new double[points * (dim + 1)];
        slices = new Piece[points][0];
    }

    /** this += other (the combine of the tree aggregate): sums add, slices gather. */
    FusedPart merge(FusedPart o) {
        BlockOps.add(sums, o.sums);
        for (int k = 0; k < slices.length; k++) {
            Piece[] a = Arrays.copyOf(slices[k], slices[k].length + o.slices[k].length);
            System.arraycopy(o.slices[k], 0, a, slices[k].length, o.slices[k].length);
            slices[k] = a;
        }
        return this;
    }
}
