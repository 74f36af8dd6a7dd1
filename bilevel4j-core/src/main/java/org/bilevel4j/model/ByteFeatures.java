package org.bilevel4j.model;

import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Standardizer;

/**
 * The 8-bit form of a standardized dense matrix: x_ij = (b_ij − mean_j) / scale_j with b_ij = values[i·cols + j] &amp; 0xFF
 * (pixels of MNIST-like images). A sweep over it reads a quarter of the bytes of the float matrix; the standardization
 * is folded into the weights ((B − 1 meanᵀ) S⁻¹ W = B (S⁻¹W) − 1 (S⁻¹ mean)ᵀ W), see {@link DenseRowsByteSimd}.
 */
public record ByteFeatures(int rows, int cols, byte[] values, double[] mean, double[] scale) {
    /**
     * Largest mean_j / scale_j accepted: the offset (mean/scale)·w is subtracted from the float32 sum of b·w/scale, so a
     * feature far from 0 relative to its spread (tiny variance) would cancel digits that the float kernel keeps.
     */
    public static final double MAX_OFFSET = 8;

    public ByteFeatures {
        if ((long) rows * cols != values.length || mean.length != cols || scale.length != cols)
            throw new IllegalArgumentException("byte features: " + values.length + " values, " + mean.length + " means, " + scale.length
                    + " scales for a " + rows + " × " + cols + " matrix");
    }

    /**
     * The 8-bit form of z applied to raw, or null when it has none: raw's values must all be integers 0..255, or all
     * k / 255 in float for integers k (images read as [0, 1]; then b = k and mean and scale are multiplied by 255);
     * z must center; and no feature's |mean| / scale may exceed {@link #MAX_OFFSET}. z = null: no standardization.
     */
    public static ByteFeatures of(DenseMatrix raw, Standardizer z) {
        if (z != null && !z.center()) return null;
        float[] v = raw.values();
        byte[] b = new byte[v.length];
        double unit = 1;
        if (!bytes(v, 1, b)) {
            if (!bytes(v, 255, b)) return null;
            unit = 255;
        }
        int d = raw.cols();
        double[] mean = new double[d], scale = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = z == null ? 0 : unit * z.mean()[j];
            scale[j] = z == null ? unit : unit * z.scale()[j];
            if (!(Math.abs(mean[j]) <= MAX_OFFSET * scale[j])) return null;
        }
        return new ByteFeatures(raw.rows(), d, b, mean, scale);
    }

    /** b[k] := the integer t with v[k] = t / unit in float, 0 ≤ t ≤ 255; false when some value is not of that form. */
    private static boolean bytes(float[] v, int unit, byte[] b) {
        for (int k = 0; k < v.length; k++) {
            long t = Math.round((double) v[k] * unit);
            if (t < 0 || t > 255 || (unit == 1 ? v[k] != t : v[k] != t / (float) unit)) return false;
            b[k] = (byte) t;
        }
        return true;
    }

    /** x_ij as a double. */
    public double get(int i, int j) { return ((values[i * cols + j] & 0xFF) - mean[j]) / scale[j]; }
}
