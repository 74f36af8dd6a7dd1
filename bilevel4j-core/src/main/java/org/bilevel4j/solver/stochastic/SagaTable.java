package org.bilevel4j.solver.stochastic;

import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.vec.Vec;

/**
 * SAGA memory of one quantity over the fixed batches of a {@link BatchCycle} (Defazio et al. 2014; SABA,
 * Dagréou et al. 2022, Algorithm 2). For batch k with a fresh value g the estimate is
 * <pre>   S = g − m_k + Σ_j w_j m_j,   then  m_k ← g   (w_j = |B_j| / n) </pre>
 * Rows start at zero (benchopt's "zero" memory) and are allocated on first visit; the weighted mean is kept
 * up to date. Memory: one vector per batch visited, plus the mean.
 */
final class SagaTable {
    private final double[][] rows;
    private final Vec mean;

    SagaTable(int batches, int dim) {
        rows = new double[batches][];
        mean = Vec.zeros(dim);
    }

    /** The SAGA estimate for batch k with weight w and fresh value g; stores g as batch k's row. */
    Vec estimate(int k, double w, Vec g) {
        Vec old = rows[k] == null ? g.zerosLike() : Vec.of(rows[k]);
        Vec diff = g.copy().axpy(-1, old);
        Vec s = diff.copy().axpy(1, mean);
        mean.axpy(w, diff);
        rows[k] = g.toArray();
        return s;
    }

    /** Doubles held now. */
    long doubles() {
        long d = mean.dim();
        for (double[] r : rows) if (r != null) d += r.length;
        return d;
    }

    void save(Snapshot out, String key) {
        out.put(key + ".mean", mean);
        for (int k = 0; k < rows.length; k++) if (rows[k] != null) out.putArray(key + "." + k, rows[k]);
    }

    void restore(Snapshot in, String key) {
        in.into(key + ".mean", mean);
        for (int k = 0; k < rows.length; k++) rows[k] = in.hasVec(key + "." + k) ? in.vec(key + "." + k).toArray() : null;
    }
}
