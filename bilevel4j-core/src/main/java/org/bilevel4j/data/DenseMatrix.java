package org.bilevel4j.data;

/** A dense row-major matrix of floats: entry (i, j) is values[i * cols + j]. */
public record DenseMatrix(int rows, int cols, float[] values) implements Features {
    public DenseMatrix {
        if (rows < 0 || cols < 0 || (long) rows * cols != values.length)
            throw new IllegalArgumentException("dense matrix " + rows + "x" + cols + " needs " + (long) rows * cols + " values, got " + values.length);
    }

    public float get(int i, int j) { return values[i * cols + j]; }

    @Override public DenseMatrix selectRows(int[] idx) {
        float[] out = new float[idx.length * cols];
        for (int r = 0; r < idx.length; r++) System.arraycopy(values, idx[r] * cols, out, r * cols, cols);
        return new DenseMatrix(idx.length, cols, out);
    }
}
