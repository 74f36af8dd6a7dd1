package org.bilevel4j.spark;

import java.io.Serializable;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Features;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.Precision;

/**
 * A contiguous block of rows [start, start + rows) of a data set, the unit of one Spark partition. It ships the raw
 * arrays and builds the core {@link LogisticModel} (with its SIMD kernel) once per executor, on first use.
 */
final class RowBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    final int start, rows, cols, classes;
    final boolean binary, bias;
    final Precision precision;
    private final float[] values;          // dense row-major, or the CSR values
    private final int[] rowPtr, colIdx;    // null when dense
    private final int[] labels;
    private transient LogisticModel model;

    /** Rows [start, start + count) of the data of {@code m}, copied. */
    RowBlock(LogisticModel m, int start, int count) {
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = start + i;
        Features x = m.rowData().selectRows(idx);
        this.start = start;
        this.rows = count;
        this.cols = x.cols();
        this.classes = m.classes();
        this.binary = m.isBinary();
        this.bias = m.hasBias();
        this.precision = m.precision();
        this.labels = java.util.Arrays.copyOfRange(m.labels(), start, start + count);
        if (x instanceof DenseMatrix d) {
            values = d.values();
            rowPtr = null;
            colIdx = null;
        } else {
            CsrMatrix c = (CsrMatrix) x;
            values = c.values();
            rowPtr = c.rowPtr();
            colIdx = c.colIdx();
        }
    }

    /**
     * Rows [start, start + labels.length) given as CSR arrays (data made or read inside a partition): binary
     * logistic rows when classes = 2, multinomial otherwise, no bias.
     */
    RowBlock(int start, int cols, int classes, Precision precision, int[] rowPtr, int[] colIdx, float[] values, int[] labels) {
        this.start = start;
        this.rows = labels.length;
        this.cols = cols;
        this.classes = classes;
        this.binary = classes == 2;
        this.bias = false;
        this.precision = precision;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        this.labels = labels;
        new CsrMatrix(rows, cols, rowPtr, colIdx, values); // checks the arrays
    }

    /** This block's rows as CSR arrays (tests and the in-process copy of generated data). */
    CsrMatrix csr() { return new CsrMatrix(rows, cols, rowPtr, colIdx, values); }

    int[] labels() { return labels; }

    /** The core model over this block's rows (local row i is global row start + i). */
    synchronized LogisticModel model() {
        if (model == null) {
            Features x = rowPtr == null ? new DenseMatrix(rows, cols, values) : new CsrMatrix(rows, cols, rowPtr, colIdx, values);
            LogisticModel m = binary ? LogisticModel.binary(x, labels, bias) : LogisticModel.multinomial(x, labels, classes, bias);
            model = m.withPrecision(precision);
        }
        return model;
    }

    /**
     * This block's rows among the global sample indices {@code idx} (in their order, repeats kept), as local
     * indices; null (every row) when idx is null.
     */
    int[] localRows(int[] idx) {
        if (idx == null) return null;
        int c = 0;
        for (int i : idx) if (i >= start && i < start + rows) c++;
        int[] out = new int[c];
        c = 0;
        for (int i : idx) if (i >= start && i < start + rows) out[c++] = i - start;
        return out;
    }

    /** The number of rows a call on {@code local} touches. */
    int count(int[] local) { return local == null ? rows : local.length; }
}
