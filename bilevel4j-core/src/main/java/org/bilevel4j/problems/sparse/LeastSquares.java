package org.bilevel4j.problems.sparse;

import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;

/**
 * Linear least squares as a bilevel base problem with no hyper-parameters of its own (dimX = 0); the
 * regularizer and its log-weight come from {@link org.bilevel4j.smoothing.RegularizedProblem}.
 * <pre>
 *   inner G₀(w) = s · ½ Σ_{i ∈ train} (x_iᵀ w − y_i)²        (s = innerScale; 1 for the orthogonal design)
 *   outer F₀(w) = 1/(2 n_val) Σ_{i ∈ val} (x_iᵀ w − y_i)²
 * </pre>
 * Both are finite sums; a mini-batch view averages its rows and rescales the inner sum by n/|batch| (unbiased).
 */
public final class LeastSquares implements BilevelProblem {
    private final int d;
    private final double[] xTr, yTr, xVal, yVal; // row-major
    private final int nTr, nVal;
    private final double innerScale;
    private final int[] trIdx, valIdx;
    private final double trWeight; // s · n_tr / |batch|
    private final Gram trGram, valGram; // full-data Gram matrices, null for mini-batch views

    public LeastSquares(int d, double[] xTr, double[] yTr, double[] xVal, double[] yVal, double innerScale) {
        if (d < 1) throw new IllegalArgumentException("least squares needs at least one feature");
        if (xTr.length != (long) yTr.length * d || xVal.length != (long) yVal.length * d)
            throw new IllegalArgumentException("design matrices must have " + d + " columns and one row per target");
        if (yTr.length == 0 || yVal.length == 0) throw new IllegalArgumentException("least squares needs training and validation rows");
        if (!(innerScale > 0)) throw new IllegalArgumentException("inner scale must be > 0, got " + innerScale);
        this.d = d;
        this.xTr = xTr;
        this.yTr = yTr;
        this.xVal = xVal;
        this.yVal = yVal;
        this.nTr = yTr.length;
        this.nVal = yVal.length;
        this.innerScale = innerScale;
        this.trIdx = Batches.all(nTr);
        this.valIdx = Batches.all(nVal);
        this.trWeight = innerScale;
        this.trGram = Gram.of(d, xTr, yTr);
        this.valGram = Gram.of(d, xVal, yVal);
    }

    private LeastSquares(LeastSquares f, int[] valIdx, int[] trIdx) {
        d = f.d; xTr = f.xTr; yTr = f.yTr; xVal = f.xVal; yVal = f.yVal; nTr = f.nTr; nVal = f.nVal; innerScale = f.innerScale;
        this.trIdx = trIdx;
        this.valIdx = valIdx;
        this.trWeight = innerScale * nTr / trIdx.length;
        this.trGram = trIdx.length == nTr ? f.trGram : null;
        this.valGram = valIdx.length == nVal ? f.valGram : null;
    }

    /** XᵀX, Xᵀy and yᵀy of all rows: full-data oracles in O(d²) instead of O(n d). */
    private record Gram(int d, double[] xtx, double[] xty, double yty) {
        static Gram of(int d, double[] x, double[] y) {
            double[] xtx = new double[d * d], xty = new double[d];
            double yty = 0;
            for (int i = 0; i < y.length; i++) {
                int off = i * d;
                for (int j = 0; j < d; j++) {
                    double xij = x[off + j];
                    xty[j] += xij * y[i];
                    for (int k = 0; k < d; k++) xtx[j * d + k] += xij * x[off + k];
                }
                yty += y[i] * y[i];
            }
            return new Gram(d, xtx, xty, yty);
        }

        /** XᵀX v. */
        double[] mul(double[] v) {
            double[] out = new double[d];
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += xtx[j * d + k] * v[k];
                out[j] = s;
            }
            return out;
        }

        /** ‖Xw − y‖² = wᵀXᵀXw − 2 wᵀXᵀy + yᵀy. */
        double squaredResidual(double[] w) {
            double[] g = mul(w);
            double s = yty;
            for (int j = 0; j < d; j++) s += w[j] * (g[j] - 2 * xty[j]);
            return s;
        }

        /** scale · Xᵀ(Xw − y). */
        double[] gradient(double[] w, double scale) {
            double[] g = mul(w);
            for (int j = 0; j < d; j++) g[j] = scale * (g[j] - xty[j]);
            return g;
        }
    }

    /** From regression data with dense features (a LabeledData with targets), inner scale s. */
    public static LeastSquares of(LabeledData train, LabeledData val, double innerScale) {
        if (train.targets() == null || val.targets() == null) throw new IllegalArgumentException("least squares needs regression targets");
        if (!(train.x() instanceof DenseMatrix a) || !(val.x() instanceof DenseMatrix b))
            throw new IllegalArgumentException("least squares needs dense features");
        if (a.cols() != b.cols()) throw new IllegalArgumentException("train has " + a.cols() + " features but validation " + b.cols());
        return new LeastSquares(a.cols(), toDouble(a.values()), train.targets().clone(), toDouble(b.values()), val.targets().clone(), innerScale);
    }

    public int trainRows() { return nTr; }

    public double[] trainX() { return xTr; }

    public double[] trainY() { return yTr; }

    @Override public String name() { return "least-squares"; }
    @Override public int dimX() { return 0; }
    @Override public int dimY() { return d; }
    @Override public int outerSamples() { return nVal; }
    @Override public int innerSamples() { return nTr; }

    @Override public BilevelProblem batch(int[] outerIdx, int[] innerIdx) {
        Batches.check(outerIdx, nVal, "outer");
        Batches.check(innerIdx, nTr, "inner");
        return new LeastSquares(this, outerIdx, innerIdx);
    }

    private double residual(double[] x, double[] y, int i, double[] w) {
        double s = -y[i];
        int off = i * d;
        for (int j = 0; j < d; j++) s += x[off + j] * w[j];
        return s;
    }

    @Override public double innerValue(Vec xv, Vec yv) {
        double[] w = Vec.array(yv);
        if (trGram != null) return 0.5 * trWeight * trGram.squaredResidual(w);
        double s = 0;
        for (int i : trIdx) { double r = residual(xTr, yTr, i, w); s += r * r; }
        return 0.5 * trWeight * s;
    }

    @Override public double outerValue(Vec xv, Vec yv) {
        double[] w = Vec.array(yv);
        if (valGram != null) return 0.5 * valGram.squaredResidual(w) / nVal;
        double s = 0;
        for (int i : valIdx) { double r = residual(xVal, yVal, i, w); s += r * r; }
        return 0.5 * s / valIdx.length;
    }

    /** scale · Σ_rows r_i x_i with residuals r_i = x_iᵀw − y_i. */
    private double[] xtr(double[] x, double[] y, int[] rows, double[] w, double scale) {
        double[] g = new double[d];
        for (int i : rows) {
            double r = residual(x, y, i, w);
            int off = i * d;
            for (int j = 0; j < d; j++) g[j] += scale * r * x[off + j];
        }
        return g;
    }

    @Override public Vec innerGradY(Vec xv, Vec yv) {
        if (trGram != null) return Vec.of(trGram.gradient(Vec.array(yv), trWeight));
        return Vec.of(xtr(xTr, yTr, trIdx, Vec.array(yv), trWeight));
    }

    @Override public Vec outerGradY(Vec xv, Vec yv) {
        if (valGram != null) return Vec.of(valGram.gradient(Vec.array(yv), 1.0 / nVal));
        return Vec.of(xtr(xVal, yVal, valIdx, Vec.array(yv), 1.0 / valIdx.length));
    }

    @Override public Vec innerHvpYY(Vec xv, Vec yv, Vec v) {
        if (trGram != null) return Vec.of(scaled(trGram.mul(Vec.array(v)), trWeight));
        return Vec.of(gram(xTr, trIdx, Vec.array(v), trWeight));
    }

    @Override public Vec outerHvpYY(Vec xv, Vec yv, Vec v) {
        if (valGram != null) return Vec.of(scaled(valGram.mul(Vec.array(v)), 1.0 / nVal));
        return Vec.of(gram(xVal, valIdx, Vec.array(v), 1.0 / valIdx.length));
    }

    private static double[] scaled(double[] a, double s) {
        for (int i = 0; i < a.length; i++) a[i] *= s;
        return a;
    }

    private double[] gram(double[] x, int[] rows, double[] v, double scale) {
        double[] g = new double[d];
        for (int i : rows) {
            int off = i * d;
            double s = 0;
            for (int j = 0; j < d; j++) s += x[off + j] * v[j];
            for (int j = 0; j < d; j++) g[j] += scale * s * x[off + j];
        }
        return g;
    }

    @Override public Vec outerGradX(Vec x, Vec y) { return Vec.zeros(0); }
    @Override public Vec innerGradX(Vec x, Vec y) { return Vec.zeros(0); }
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(0); }
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return Vec.zeros(d); }
    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.zeros(0); }

    private static double[] toDouble(float[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) out[i] = f[i];
        return out;
    }
}
