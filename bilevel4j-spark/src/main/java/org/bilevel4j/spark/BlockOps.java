package org.bilevel4j.spark;

import org.apache.spark.TaskContext;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.SigmoidSampleWeights;

/**
 * What one partition computes in a pass: the core kernels on its rows, rescaled from their mean over the block's
 * |B_p| rows to the share |B_p| / |B| of the mean over all |B| rows of the call, so that the partitions' sum is the
 * in-process value (up to the order of summation). Weighted: hyper-cleaning's σ(x_i) sample weights
 * ({@link SigmoidSampleWeights}) with the block's slice of x, which came with the task ({@link XSlice}); otherwise
 * unweighted rows (the slice is null).
 */
final class BlockOps {
    enum Op { VALUE, GRAD, HVP, CROSS_YX, GRAD_X, CROSS_XY }

    private BlockOps() {}

    /** A y-space op: the gradient / product (first dim entries) and the value (last entry), both scaled. */
    static double[] reduce(Op op, RowBlock b, XSlice s, Args a, boolean weighted, int failPartition) {
        maybeFail(failPartition);
        LogisticModel m = b.model();
        int dim = m.dim();
        double[] out = new double[dim + 1];
        int[] rows = a.rows().local(b);
        int count = b.count(rows);
        if (count == 0) return out;
        double[] x = weighted ? own(s, b).x() : null;
        SigmoidSampleWeights sw = weighted ? new SigmoidSampleWeights(m) : null;
        double[] g = new double[dim];
        switch (op) {
            case VALUE -> out[dim] = weighted ? sw.value(x, a.y(), rows) : m.value(a.y(), rows, null);
            case GRAD -> out[dim] = weighted ? sw.valueGradW(x, a.y(), rows, g) : m.valueGrad(a.y(), rows, null, g);
            case HVP -> {
                if (weighted) sw.hvp(x, a.y(), rows, a.dir(), g);
                else m.hvp(a.y(), rows, null, a.dir(), g);
            }
            case CROSS_YX -> sw.crossYX(x, a.y(), rows, s.u(), g);
            default -> throw new IllegalArgumentException(op + " is not a y-space op");
        }
        System.arraycopy(g, 0, out, 0, dim);
        double share = (double) count / a.rows().total();
        for (int j = 0; j <= dim; j++) out[j] *= share;
        return out;
    }

    /** An x-space op of the weighted rows (one entry per sample): this block's slice, scaled. */
    static Piece perSample(Op op, RowBlock b, XSlice s, Args a, int failPartition) {
        maybeFail(failPartition);
        int[] rows = a.rows().local(b);
        int count = b.count(rows);
        if (count == 0) return new Piece(b.start, new double[b.rows]);
        SigmoidSampleWeights sw = new SigmoidSampleWeights(b.model());
        double[] x = own(s, b).x();
        double[] v = switch (op) {
            case GRAD_X -> sw.gradX(x, a.y(), rows);
            case CROSS_XY -> sw.crossXY(x, a.y(), rows, a.dir());
            default -> throw new IllegalArgumentException(op + " is not an x-space op");
        };
        double share = (double) count / a.rows().total();
        for (int i = 0; i < v.length; i++) v[i] *= share;
        return new Piece(b.start, v);
    }

    /**
     * A fused request at several points in one sweep of the block ({@link LogisticModel#valuesAt}): per point the
     * value and ∇_y of the data term and, on weighted rows, ∇_x from the same sweep's per-sample losses, scaled
     * like {@link #reduce}.
     */
    static FusedPart fused(RowBlock b, XSlice s, FusedArgs a, boolean weighted, int failPartition) {
        maybeFail(failPartition);
        LogisticModel m = b.model();
        int dim = m.dim(), pts = a.ys().length;
        FusedPart out = new FusedPart(pts, dim);
        int[] rows = a.rows().local(b);
        int count = b.count(rows);
        if (count == 0) return out;
        double[] x = weighted ? own(s, b).x() : null;
        SigmoidSampleWeights sw = weighted ? new SigmoidSampleWeights(m) : null;
        double[][] grads = new double[pts][], losses = new double[pts][];
        for (int k = 0; k < pts; k++) {
            grads[k] = a.gradY()[k] ? new double[dim] : null;
            losses[k] = weighted && a.gradX()[k] ? new double[b.rows] : null;
        }
        double[] values = weighted ? sw.valuesAt(x, a.ys(), rows, grads, losses) : m.valuesAt(a.ys(), rows, null, grads, losses);
        double share = (double) count / a.rows().total();
        for (int k = 0; k < pts; k++) {
            int o = k * (dim + 1);
            if (grads[k] != null) for (int j = 0; j < dim; j++) out.sums[o + j] = grads[k][j] * share;
            out.sums[o + dim] = values[k] * share;
            if (losses[k] != null) {
                double[] v = sw.gradXFromLosses(x, rows, losses[k]);
                for (int i = 0; i < v.length; i++) v[i] *= share;
                out.slices[k] = new Piece[] {new Piece(b.start, v)};
            }
        }
        return out;
    }

    /** a += b (the combine of the tree aggregate). */
    static double[] add(double[] a, double[] b) {
        for (int j = 0; j < a.length; j++) a[j] += b[j];
        return a;
    }

    /** The slice, checked to be this block's rows (a slice sent to the wrong partition would silently mix samples). */
    private static XSlice own(XSlice s, RowBlock b) {
        if (s == null || s.start() != b.start || s.x().length != b.rows)
            throw new IllegalStateException("partition of rows " + b.start + "+" + b.rows + " got the x slice "
                    + (s == null ? "null" : s.start() + "+" + s.x().length));
        return s;
    }

    /** Fault injection for the tests: the first attempt of partition {@code p} (negative: none) throws. */
    private static void maybeFail(int p) {
        TaskContext t = TaskContext.get();
        if (p >= 0 && t != null && t.partitionId() == p && t.attemptNumber() == 0)
            throw new IllegalStateException("injected failure on the first attempt of partition " + p);
    }
}
