package org.bilevel4j.model;

/**
 * A {@link RowKernel} whose arithmetic is all double: a tile is prepared once into a scratch array (dense: its
 * rows widened to double), and dots and axpy work on it. The {@link Tiles} of a block just hold the scratch
 * and the current tile.
 */
abstract class DoubleKernel implements RowKernel {
    abstract int scratchLength();

    /** Prepares the tile idx[0..count) (dense: widens its rows to double into scratch; sparse: nothing). */
    abstract void load(int[] idx, int count, double[] scratch);

    /** z[r·m + c] = x̃_{idx[r]} · w[c·stride ..] for r < count, c < m. */
    abstract void dots(int[] idx, int count, double[] w, int m, int stride, boolean bias, double[] z, double[] scratch);

    /** g[c·stride ..] += Σ_{r < count} a[r·m + c] x̃_{idx[r]} for c < m. */
    abstract void axpy(int[] idx, int count, double[] a, int m, int stride, boolean bias, double[] g, double[] scratch);

    @Override public Tiles tiles(int m, int stride, boolean bias, double[] g) {
        double[] scratch = new double[scratchLength()];
        return new Tiles() {
            private int[] idx;
            private int count;

            @Override public void load(int[] idx, int count) {
                this.idx = idx;
                this.count = count;
                DoubleKernel.this.load(idx, count, scratch);
            }

            @Override public void dots(double[] w, double[] z) { DoubleKernel.this.dots(idx, count, w, m, stride, bias, z, scratch); }

            @Override public void axpy(double[] a) { DoubleKernel.this.axpy(idx, count, a, m, stride, bias, g, scratch); }

            @Override public void finish() {}
        };
    }
}
