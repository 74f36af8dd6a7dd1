package org.bilevel4j.data;

/**
 * A feature matrix, one row per sample: dense or sparse (CSR). Values are float: the hot loops of the
 * models stream these matrices, and memory traffic decides their speed; sums are accumulated in double.
 */
public sealed interface Features permits DenseMatrix, CsrMatrix {
    int rows();

    int cols();

    /** A new matrix with the given rows, in that order. */
    Features selectRows(int[] idx);
}
