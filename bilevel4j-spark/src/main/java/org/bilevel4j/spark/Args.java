package org.bilevel4j.spark;

import java.io.Serializable;

/**
 * What one distributed pass needs on every executor, sent as one broadcast: y, a y-space direction v or null, and
 * the rows of the call. The per-sample x (and an x-space direction) do not go here: each partition gets its own slice
 * with its task ({@link XSlice}).
 */
record Args(double[] y, double[] dir, Rows rows) implements Serializable {

    /**
     * The rows of a call: the global sample indices of a mini-batch view, or a per-partition draw, or (both null)
     * every row; total is their count |B|, by which the partitions' sums are divided.
     */
    record Rows(int[] idx, Draw draw, int total) implements Serializable {
        /** Block b's rows of the call as local indices (repeats kept), null for all of them. */
        int[] local(RowBlock b) { return draw != null ? draw.localRows(b.start, b.rows) : b.localRows(idx); }
    }
}
