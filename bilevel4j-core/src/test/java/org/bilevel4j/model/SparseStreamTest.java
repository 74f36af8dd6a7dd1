package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The CSR kernel's memory-bound reference: the bytes a pass reads and a stream over exactly them. */
class SparseStreamTest {
    @Test void streamReadsTheColumnsValuesAndRowPointers() {
        ModelData data = new ModelData(700, 40, 2, 9); // more rows than one parallel block
        LogisticModel m = LogisticModel.binary(data.sparse, data.labels, true);
        org.bilevel4j.data.CsrMatrix x = data.sparse;
        assertEquals(8L * x.nnz() + 4L * x.rows(), m.featureBytes());
        int n = x.rows(), k = RowBlocks.blocks(n, (long) x.nnz() + n); // the same row blocks as a sweep
        double expected = 0;
        for (int b = 0; b < k; b++) {
            int lo = (int) ((long) b * n / k), hi = (int) ((long) (b + 1) * n / k);
            for (int q = x.rowPtr()[lo]; q < x.rowPtr()[hi]; q++) expected += x.colIdx()[q] + (double) x.values()[q];
            for (int i = lo; i <= hi; i++) expected += x.rowPtr()[i];
        }
        assertEquals(expected, m.streamFeatures(), 1e-5 * Math.abs(expected));
    }
}
