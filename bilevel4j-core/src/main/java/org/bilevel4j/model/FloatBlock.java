package org.bilevel4j.model;

/**
 * What every float32 kernel's block of a sweep holds ({@link RowKernel.Tiles}): the sweep's shape (m outputs of the given
 * stride, a bias or not), the double accumulator g, the current tile's row count, the rows summed into the float partial
 * gradient since its last flush, and the float copies of the parameter vectors in the kernel's layout T ({@link #copy}).
 * A block handed back idle is taken again by a sweep of the same shape ({@link #fits}, {@link #reuse}).
 */
abstract class FloatBlock<T> implements RowKernel.Tiles {
    final int m, stride;
    final boolean bias;
    double[] g;
    int count;
    int pending;
    /** Float copies of the parameter vectors (w, and for an HVP the direction). */
    final FloatCopies<T> copies = new FloatCopies<>(this::copy);

    FloatBlock(int m, int stride, boolean bias, double[] g) {
        this.m = m;
        this.stride = stride;
        this.bias = bias;
        this.g = g;
    }

    /** The float copy of w in this kernel's layout, written into f (null: allocate it). */
    abstract T copy(double[] w, T f);

    /** Whether a sweep of this shape can take this block. */
    boolean fits(int m, int stride, boolean bias) { return this.m == m && this.stride == stride && this.bias == bias; }

    /**
     * This block, taken idle, for a new sweep accumulating into g: no tile, no weight copies (their arrays kept: the
     * parameters of the new sweep may be the same arrays with other values). Its partial gradient is zero since
     * {@link #finish}.
     */
    FloatBlock<T> reuse(double[] g) {
        this.g = g;
        count = 0;
        pending = 0;
        copies.forget();
        return this;
    }
}
