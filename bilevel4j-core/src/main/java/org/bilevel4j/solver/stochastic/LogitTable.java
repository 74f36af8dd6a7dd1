package org.bilevel4j.solver.stochastic;

import java.util.function.Function;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.vec.Vec;

/**
 * The SAGA memory of {@link SagaTable} for a linear model (docs/STOCHASTIC.md §2.1): batch k keeps the numbers r_k
 * that define its value g_k = X̃_kᵀ r_k (its samples' logit derivatives, K a sample, or one a sample for the cross
 * term) instead of g_k, and the weighted mean of the values is kept as a vector. By linearity the estimate
 * <pre>   S = g − m_k + Σ_j w_j m_j = X̃_kᵀ(r − r_k) + mean,   mean ← mean + w_k X̃_kᵀ(r − r_k),   r_k ← r </pre>
 * equals SagaTable's up to rounding, with one spread of the batch instead of two rows of the dimension of y.
 */
final class LogitTable {
    private final double[][] rows; // null until batch k is first visited (zero memory)
    private final Vec mean;

    LogitTable(int batches, int dim) {
        rows = new double[batches][];
        mean = Vec.zeros(dim);
    }

    /** The SAGA estimate for batch k with weight w and fresh numbers r, X̃_kᵀ(·) being {@code spread}; stores r. */
    Vec estimate(int k, double w, double[] r, Function<double[], Vec> spread) {
        double[] diff = r.clone(), old = rows[k];
        if (old != null) for (int q = 0; q < diff.length; q++) diff[q] -= old[q];
        Vec sd = spread.apply(diff);
        Vec s = sd.copy().axpy(1, mean);
        mean.axpy(w, sd);
        rows[k] = r.clone();
        return s;
    }

    /** Σ_j w_j m_j, the weighted mean of the rows (read only: the table's own vector). */
    Vec mean() { return mean; }

    /** Memory held now, in doubles. */
    double doubles() {
        double d = mean.dim();
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
