package org.bilevel4j.solver.stochastic;

import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.vec.Vec;

/**
 * SAGA memory of one quantity over the fixed batches of a {@link BatchCycle} (Defazio et al. 2014; SABA,
 * Dagréou et al. 2022, Algorithm 2). For batch k with a fresh value g the estimate is
 * <pre>   S = g − m_k + Σ_j w_j m_j,   then  m_k ← g   (w_j = |B_j| / n) </pre>
 * Rows start at zero (benchopt's "zero" memory) and are allocated on first visit; the weighted mean is kept
 * up to date. A row with at most a third of its entries non-zero is kept sparse (indices and values): on
 * hyper-cleaning a batch's ∇²_xy G v touches only the batch's own weights, and ∇_x F is zero.
 */
final class SagaTable {
    private record Sparse(int[] idx, double[] val) {}

    private final Object[] rows; // null (zero), double[] (dense) or Sparse
    private final Vec mean;

    SagaTable(int batches, int dim) {
        rows = new Object[batches];
        mean = Vec.zeros(dim);
    }

    /** The SAGA estimate for batch k with weight w and fresh value g; stores g as batch k's row. */
    Vec estimate(int k, double w, Vec g) {
        double[] fresh = g.toArray();
        Vec diff = Vec.of(fresh.clone());
        if (rows[k] != null) diff.axpy(-1, Vec.of(dense(rows[k], fresh.length)));
        Vec s = diff.copy().axpy(1, mean);
        mean.axpy(w, diff);
        rows[k] = pack(fresh);
        return s;
    }

    private static Object pack(double[] a) {
        int nnz = 0;
        for (double d : a) if (d != 0) nnz++;
        if (3 * nnz > a.length) return a;
        int[] idx = new int[nnz];
        double[] val = new double[nnz];
        for (int i = 0, j = 0; i < a.length; i++) if (a[i] != 0) { idx[j] = i; val[j++] = a[i]; }
        return new Sparse(idx, val);
    }

    private static double[] dense(Object row, int dim) {
        if (row instanceof double[] a) return a;
        Sparse s = (Sparse) row;
        double[] a = new double[dim];
        for (int j = 0; j < s.idx.length; j++) a[s.idx[j]] = s.val[j];
        return a;
    }

    /** Σ_j w_j m_j, the weighted mean of the rows (read only: the table's own vector). */
    Vec mean() { return mean; }

    /** Memory held now, in doubles (a sparse entry counts 1.5: an int and a double). */
    double doubles() {
        double d = mean.dim();
        for (Object r : rows) {
            if (r instanceof double[] a) d += a.length;
            else if (r instanceof Sparse s) d += 1.5 * s.idx.length;
        }
        return d;
    }

    void save(Snapshot out, String key) {
        out.put(key + ".mean", mean);
        for (int k = 0; k < rows.length; k++) if (rows[k] != null) out.putArray(key + "." + k, dense(rows[k], mean.dim()));
    }

    void restore(Snapshot in, String key) {
        in.into(key + ".mean", mean);
        for (int k = 0; k < rows.length; k++) rows[k] = in.hasVec(key + "." + k) ? pack(in.vec(key + "." + k).toArray()) : null;
    }
}
