package org.bilevel4j.data;

/**
 * A sparse matrix in compressed sparse row form: row i holds columns colIdx[rowPtr[i] .. rowPtr[i+1]) with
 * the matching values.
 */
public record CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values) implements Features {
    public CsrMatrix {
        if (rowPtr.length != rows + 1 || rowPtr[0] != 0 || rowPtr[rows] != colIdx.length || colIdx.length != values.length)
            throw new IllegalArgumentException("inconsistent CSR matrix: rows " + rows + ", rowPtr " + rowPtr.length
                    + ", nnz " + colIdx.length + "/" + values.length);
    }

    public int nnz() { return colIdx.length; }

    @Override public CsrMatrix selectRows(int[] idx) {
        int nnz = 0;
        for (int i : idx) nnz += rowPtr[i + 1] - rowPtr[i];
        int[] ptr = new int[idx.length + 1], cols2 = new int[nnz];
        float[] vals = new float[nnz];
        int k = 0;
        for (int r = 0; r < idx.length; r++) {
            int a = rowPtr[idx[r]], len = rowPtr[idx[r] + 1] - a;
            System.arraycopy(colIdx, a, cols2, k, len);
            System.arraycopy(values, a, vals, k, len);
            k += len;
            ptr[r + 1] = k;
        }
        return new CsrMatrix(idx.length, cols, ptr, cols2, vals);
    }

    /** The same matrix stored dense (rows × cols floats; the caller checks that they fit). */
    public DenseMatrix toDense() {
        float[] v = new float[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < rows; i++)
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) v[i * cols + colIdx[k]] = values[k];
        return new DenseMatrix(rows, cols, v);
    }
}
