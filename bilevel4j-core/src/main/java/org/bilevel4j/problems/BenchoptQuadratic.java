package org.bilevel4j.problems;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Heap;
import org.bilevel4j.vec.Vec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * benchopt benchmark_bilevel's simulated quadratic task ({@code datasets/simulated.py}, {@code benchmark_utils/gen_matrices.py}),
 * with its rank-one per-sample structure kept: each sample of either level is
 * <pre>
 *   φ_i(x, y) = ½ (a_iᵀy)² + ½ (b_iᵀx)² + (c_iᵀx)(e_iᵀy) + p_iᵀy + q_iᵀx
 *   a_i = S_y g_i,  b_i = S_x h_i,  c_i = U D w_i,  e_i = V w_i,   g_i, h_i, w_i ~ N(0, I),  p_i, q_i ~ N(0, I)
 * </pre>
 * (benchopt's A_i = a_i a_iᵀ, B_i = b_i b_iᵀ, C_i = c_i e_iᵀ), G = mean over n inner samples, F = mean over m outer
 * samples, each level drawn with its own constants. S_y = Q diag(√λ) Qᵀ with λ log-spaced in [mu, L] (so E[a aᵀ] has
 * that spectrum), S_x the same in dimension d_x with one zero eigenvalue (benchopt's {@code jnp.r_[0, D]}), U, V, Q
 * random rotations, D the d_x × d_y matrix with diagonal log-spaced in [mu, L_cross]. Storing the vectors instead of
 * the matrices takes n(3 d_y + 3 d_x) doubles instead of n(d_y² + d_x² + d_x d_y): 86 MB instead of 2.9 GB at
 * benchopt's sizes; a mini-batch oracle costs O(|B| (d_x + d_y)), a full-batch one O(d²) through the mean matrices.
 * Like benchopt, the data are redrawn (next stream) until ∇²h is positive definite (at most 20 tries). The metric of
 * benchopt is ‖∇h(x)‖², h(x) = F(x, y*(x)) ({@code hypergradNormSquared}); y*, ∇h and x* = argmin h are exact.
 */
public final class BenchoptQuadratic implements BilevelProblem {
    /**
     * benchopt's parameters: config/quadratics.yml runs dim_inner 100, dim_outer 10, n_samples_inner 32768 or 131072,
     * n_samples_outer 1024 or 4096, mu_inner 1e-4 or 1e-2, L_inner 1 (datasets/simulated.py: L_*_* = 1, L_cross_* = 0.1).
     */
    public record Spec(int dimX, int dimY, int innerSamples, int outerSamples, double mu, double lipschitz, double crossLipschitz, long seed) {
        public Spec {
            if (dimX < 2 || dimY < 1) throw new IllegalArgumentException("the benchopt quadratic needs dimX >= 2 and dimY >= 1");
            if (innerSamples < 1 || outerSamples < 1) throw new IllegalArgumentException("the benchopt quadratic needs at least one sample per level");
            if (!(mu > 0 && mu <= lipschitz && Double.isFinite(lipschitz))) throw new IllegalArgumentException("need 0 < mu <= L, got mu=" + mu + ", L=" + lipschitz);
            if (!(crossLipschitz >= mu && Double.isFinite(crossLipschitz))) throw new IllegalArgumentException("need crossLipschitz >= mu, got " + crossLipschitz);
            String what = "benchopt quadratic with dimX=" + dimX + ", dimY=" + dimY + ", innerSamples=" + innerSamples + ", outerSamples=" + outerSamples;
            Heap.entries(what + " (inner sample vectors)", innerSamples, 3L * (dimX + dimY));
            Heap.require(what, 8.0 * ((double) innerSamples + outerSamples) * 3 * (dimX + dimY) + 8.0 * 8 * ((double) dimY * dimY + dimX * dimY));
        }

        /** config/quadratics.yml's smaller sizes and better conditioning: 32768 / 1024 samples, d_y 100, d_x 10, mu 1e-2. */
        public static Spec benchopt(long seed) { return new Spec(10, 100, 32768, 1024, 1e-2, 1, 0.1, seed); }
    }

    /** One level's samples, row-major (sample i's vector at i·dim), and their means. */
    private static final class Level {
        final int n, dx, dy;
        final double[] a, b, c, e, p, q;     // n×dy, n×dx, n×dx, n×dy, n×dy, n×dx
        final double[] aa, bb, ce, pm, qm;    // means: a aᵀ (dy×dy), b bᵀ (dx×dx), c eᵀ (dx×dy), p (dy), q (dx)

        Level(int n, int dx, int dy, double mu, double lYY, double lXX, double lCross, Random rng) {
            this.n = n;
            this.dx = dx;
            this.dy = dy;
            double[] sy = root(dy, mu, lYY, false, rng), sx = root(dx, mu, lXX, true, rng);
            double[] u = RandomMatrices_DDRM.orthogonal(dx, dx, rng).data, v = RandomMatrices_DDRM.orthogonal(dy, dy, rng).data;
            int r = Math.min(dx, dy);
            double[] diag = logspace(mu, lCross, r);
            a = new double[n * dy]; e = new double[n * dy]; p = new double[n * dy];
            b = new double[n * dx]; c = new double[n * dx]; q = new double[n * dx];
            double[] g = new double[dy], h = new double[dx], w = new double[dy], dw = new double[dx];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < dy; k++) g[k] = rng.nextGaussian();
                for (int k = 0; k < dx; k++) h[k] = rng.nextGaussian();
                for (int k = 0; k < dy; k++) w[k] = rng.nextGaussian();
                mulInto(sy, g, dy, dy, a, i * dy);
                mulInto(sx, h, dx, dx, b, i * dx);
                java.util.Arrays.fill(dw, 0);
                for (int k = 0; k < r; k++) dw[k] = diag[k] * w[k];   // D w
                mulInto(u, dw, dx, dx, c, i * dx);                      // c = U D w
                mulInto(v, w, dy, dy, e, i * dy);                       // e = V w
                for (int k = 0; k < dy; k++) p[i * dy + k] = rng.nextGaussian();
                for (int k = 0; k < dx; k++) q[i * dx + k] = rng.nextGaussian();
            }
            aa = outerMean(a, a, n, dy, dy);
            bb = outerMean(b, b, n, dx, dx);
            ce = outerMean(c, e, n, dx, dy);
            pm = colMean(p, n, dy);
            qm = colMean(q, n, dx);
        }

        /** Q diag(√λ) Qᵀ, λ log-spaced in [mu, L] (with a leading 0 when {@code zero}, as benchopt's x block). */
        private static double[] root(int d, double mu, double l, boolean zero, Random rng) {
            double[] lam = zero ? concat0(logspace(mu, l, d - 1)) : logspace(mu, l, d);
            double[] qm = RandomMatrices_DDRM.orthogonal(d, d, rng).data, s = new double[d * d];
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) {
                    double t = 0;
                    for (int k = 0; k < d; k++) t += qm[i * d + k] * Math.sqrt(lam[k]) * qm[j * d + k];
                    s[i * d + j] = t;
                }
            return s;
        }

        private static double[] concat0(double[] v) {
            double[] o = new double[v.length + 1];
            System.arraycopy(v, 0, o, 1, v.length);
            return o;
        }
    }

    private final Spec spec;
    private final Level in, out;
    private final int[] innerIdx, outerIdx;
    private final Exact exact;

    /** y*(x) = −A⁻¹(Cᵀx + p), J = −A⁻¹Cᵀ (d_y × d_x), ∇²h, x*, and the spectra behind the default steps. */
    private record Exact(DMatrixRMaj aInv, DMatrixRMaj jac, DMatrixRMaj hessH, Vec xStar, double muG, double lG, double lH) {}

    public BenchoptQuadratic(Spec spec) {
        this.spec = spec;
        Random rng = new Random(spec.seed());
        Level li = null, lo = null;
        Exact ex = null;
        for (int attempt = 0; attempt < 20 && ex == null; attempt++) {
            li = new Level(spec.innerSamples(), spec.dimX(), spec.dimY(), spec.mu(), spec.lipschitz(), spec.lipschitz(), spec.crossLipschitz(), rng);
            lo = new Level(spec.outerSamples(), spec.dimX(), spec.dimY(), spec.mu(), spec.lipschitz(), spec.lipschitz(), spec.crossLipschitz(), rng);
            ex = exact(li, lo);
        }
        if (ex == null) throw new IllegalArgumentException("could not draw a benchopt quadratic whose value function has a positive definite Hessian in 20 tries");
        this.in = li;
        this.out = lo;
        this.exact = ex;
        this.innerIdx = null;
        this.outerIdx = null;
    }

    private BenchoptQuadratic(BenchoptQuadratic f, int[] outerIdx, int[] innerIdx) {
        this.spec = f.spec;
        this.in = f.in;
        this.out = f.out;
        this.exact = f.exact;
        this.outerIdx = outerIdx;
        this.innerIdx = innerIdx;
    }

    /** null when ∇²h is not positive definite (benchopt's test: min eigenvalue ≥ 1e-12). */
    private static Exact exact(Level in, Level out) {
        int dx = in.dx, dy = in.dy;
        DMatrixRMaj a = DMatrixRMaj.wrap(dy, dy, in.aa.clone()), aInv = new DMatrixRMaj(dy, dy);
        if (!CommonOps_DDRM.invertSPD(a.copy(), aInv)) return null;
        DMatrixRMaj cT = new DMatrixRMaj(dy, dx);
        CommonOps_DDRM.transpose(DMatrixRMaj.wrap(dx, dy, in.ce.clone()), cT);
        DMatrixRMaj jac = new DMatrixRMaj(dy, dx);
        CommonOps_DDRM.mult(-1, aInv, cT, jac);
        // ∇²h = H + K J + Jᵀ Kᵀ + Jᵀ F_yy J   (outer: H = mean b bᵀ, K = mean c eᵀ, F_yy = mean a aᵀ)
        DMatrixRMaj k = DMatrixRMaj.wrap(dx, dy, out.ce.clone()), fyy = DMatrixRMaj.wrap(dy, dy, out.aa.clone());
        DMatrixRMaj kj = new DMatrixRMaj(dx, dx), fj = new DMatrixRMaj(dy, dx), jfj = new DMatrixRMaj(dx, dx), hess = DMatrixRMaj.wrap(dx, dx, out.bb.clone());
        CommonOps_DDRM.mult(k, jac, kj);
        CommonOps_DDRM.mult(fyy, jac, fj);
        CommonOps_DDRM.multTransA(jac, fj, jfj);
        for (int i = 0; i < dx; i++)
            for (int j = 0; j < dx; j++) hess.add(i, j, kj.get(i, j) + kj.get(j, i) + jfj.get(i, j));
        double[] eh = eig(hess), ea = eig(a);
        if (!(eh[0] >= 1e-12)) return null;
        Exact partial = new Exact(aInv, jac, hess, null, ea[0], ea[ea.length - 1], eh[eh.length - 1]);
        Vec g0 = hypergrad(in, out, partial, Vec.zeros(dx));
        DMatrixRMaj sol = new DMatrixRMaj(dx, 1);
        if (!CommonOps_DDRM.solveSPD(hess.copy(), DMatrixRMaj.wrap(dx, 1, g0.copy().scale(-1).toArray()), sol)) return null;
        return new Exact(aInv, jac, hess, Vec.of(sol.data), ea[0], ea[ea.length - 1], eh[eh.length - 1]);
    }

    private static double[] eig(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> e = DecompositionFactory_DDRM.eig(m.numRows, false, true);
        if (!e.decompose(m.copy())) throw new IllegalStateException("eigen decomposition failed");
        double[] v = new double[m.numRows];
        for (int i = 0; i < v.length; i++) v[i] = e.getEigenvalue(i).getReal();
        java.util.Arrays.sort(v);
        return v;
    }

    /** y*(x) = −A⁻¹(C̄ᵀx + p̄) of the full inner problem. */
    private static Vec innerSolution(Level in, Exact ex, Vec x) {
        double[] rhs = new double[in.dy], xa = x.toArray();
        for (int k = 0; k < in.dy; k++) {
            double t = in.pm[k];
            for (int j = 0; j < in.dx; j++) t += in.ce[j * in.dy + k] * xa[j];
            rhs[k] = -t;
        }
        double[] y = new double[in.dy];
        for (int i = 0; i < in.dy; i++) {
            double t = 0;
            for (int k = 0; k < in.dy; k++) t += ex.aInv().get(i, k) * rhs[k];
            y[i] = t;
        }
        return Vec.of(y);
    }

    /** ∇h(x) = ∇_x F + Jᵀ ∇_y F at (x, y*(x)), full batches. */
    private static Vec hypergrad(Level in, Level out, Exact ex, Vec x) {
        Vec y = innerSolution(in, ex, x);
        double[] gy = gradY(out, null, x.toArray(), y.toArray()), gx = gradX(out, null, x.toArray(), y.toArray());
        for (int j = 0; j < in.dx; j++) {
            double t = 0;
            for (int k = 0; k < in.dy; k++) t += ex.jac().get(k, j) * gy[k];
            gx[j] += t;
        }
        return Vec.of(gx);
    }

    // ---- one level's oracles: over rows (null: every sample, through the means) --------------------------

    private static double value(Level l, int[] rows, double[] x, double[] y) {
        if (rows == null)
            return 0.5 * quad(l.aa, y, y, l.dy, l.dy) + 0.5 * quad(l.bb, x, x, l.dx, l.dx) + quad(l.ce, x, y, l.dx, l.dy) + dot(l.pm, 0, y) + dot(l.qm, 0, x);
        double s = 0;
        for (int i : rows) {
            double ay = dot(l.a, i * l.dy, y), bx = dot(l.b, i * l.dx, x);
            s += 0.5 * ay * ay + 0.5 * bx * bx + dot(l.c, i * l.dx, x) * dot(l.e, i * l.dy, y) + dot(l.p, i * l.dy, y) + dot(l.q, i * l.dx, x);
        }
        return s / rows.length;
    }

    /** ∇_y: A y + C̄ᵀ x + p̄ (per sample a (aᵀy) + e (cᵀx) + p). */
    private static double[] gradY(Level l, int[] rows, double[] x, double[] y) {
        double[] g = new double[l.dy];
        if (rows == null) {
            mulAdd(l.aa, y, l.dy, l.dy, g, false);
            mulAdd(l.ce, x, l.dx, l.dy, g, true);
            for (int k = 0; k < l.dy; k++) g[k] += l.pm[k];
            return g;
        }
        for (int i : rows) {
            double ay = dot(l.a, i * l.dy, y), cx = dot(l.c, i * l.dx, x);
            for (int k = 0; k < l.dy; k++) g[k] += l.a[i * l.dy + k] * ay + l.e[i * l.dy + k] * cx + l.p[i * l.dy + k];
        }
        return scale(g, rows.length);
    }

    /** ∇_x: B x + C̄ y + q̄ (per sample b (bᵀx) + c (eᵀy) + q). */
    private static double[] gradX(Level l, int[] rows, double[] x, double[] y) {
        double[] g = new double[l.dx];
        if (rows == null) {
            mulAdd(l.bb, x, l.dx, l.dx, g, false);
            mulAdd(l.ce, y, l.dx, l.dy, g, false);
            for (int k = 0; k < l.dx; k++) g[k] += l.qm[k];
            return g;
        }
        for (int i : rows) {
            double bx = dot(l.b, i * l.dx, x), ey = dot(l.e, i * l.dy, y);
            for (int k = 0; k < l.dx; k++) g[k] += l.b[i * l.dx + k] * bx + l.c[i * l.dx + k] * ey + l.q[i * l.dx + k];
        }
        return scale(g, rows.length);
    }

    /** ∇²_yy · v = A v. */
    private static double[] hvpYY(Level l, int[] rows, double[] v) {
        double[] o = new double[l.dy];
        if (rows == null) { mulAdd(l.aa, v, l.dy, l.dy, o, false); return o; }
        for (int i : rows) {
            double av = dot(l.a, i * l.dy, v);
            for (int k = 0; k < l.dy; k++) o[k] += l.a[i * l.dy + k] * av;
        }
        return scale(o, rows.length);
    }

    /** ∇²_xy · v = C̄ v (a d_x vector; per sample c (eᵀv)). */
    private static double[] crossXY(Level l, int[] rows, double[] v) {
        double[] o = new double[l.dx];
        if (rows == null) { mulAdd(l.ce, v, l.dx, l.dy, o, false); return o; }
        for (int i : rows) {
            double ev = dot(l.e, i * l.dy, v);
            for (int k = 0; k < l.dx; k++) o[k] += l.c[i * l.dx + k] * ev;
        }
        return scale(o, rows.length);
    }

    /** ∇²_yx · u = C̄ᵀ u (a d_y vector; per sample e (cᵀu)). */
    private static double[] crossYX(Level l, int[] rows, double[] u) {
        double[] o = new double[l.dy];
        if (rows == null) { mulAdd(l.ce, u, l.dx, l.dy, o, true); return o; }
        for (int i : rows) {
            double cu = dot(l.c, i * l.dx, u);
            for (int k = 0; k < l.dy; k++) o[k] += l.e[i * l.dy + k] * cu;
        }
        return scale(o, rows.length);
    }

    // ---- BilevelProblem ---------------------------------------------------------------------------------

    @Override public String name() { return "quadratic"; }
    @Override public int dimX() { return spec.dimX(); }
    @Override public int dimY() { return spec.dimY(); }
    @Override public int innerSamples() { return spec.innerSamples(); }
    @Override public int outerSamples() { return spec.outerSamples(); }

    @Override public BilevelProblem batch(int[] outer, int[] inner) {
        Batches.check(outer, outerSamples(), "outer");
        Batches.check(inner, innerSamples(), "inner");
        return new BenchoptQuadratic(this, outer, inner);
    }

    @Override public double innerValue(Vec x, Vec y) { return value(in, innerIdx, x.toArray(), y.toArray()); }
    @Override public double outerValue(Vec x, Vec y) { return value(out, outerIdx, x.toArray(), y.toArray()); }
    @Override public Vec innerGradY(Vec x, Vec y) { return Vec.of(gradY(in, innerIdx, x.toArray(), y.toArray())); }
    @Override public Vec innerGradX(Vec x, Vec y) { return Vec.of(gradX(in, innerIdx, x.toArray(), y.toArray())); }
    @Override public Vec outerGradY(Vec x, Vec y) { return Vec.of(gradY(out, outerIdx, x.toArray(), y.toArray())); }
    @Override public Vec outerGradX(Vec x, Vec y) { return Vec.of(gradX(out, outerIdx, x.toArray(), y.toArray())); }
    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return Vec.of(hvpYY(in, innerIdx, v.toArray())); }
    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(crossXY(in, innerIdx, v.toArray())); }
    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return Vec.of(crossYX(in, innerIdx, u.toArray())); }
    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return Vec.of(hvpYY(out, outerIdx, v.toArray())); }
    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(crossXY(out, outerIdx, v.toArray())); }

    @Override public Vec solutionX() { return exact.xStar().copy(); }
    @Override public Vec exactHypergradient(Vec x) { return hypergrad(in, out, exact, x); }
    @Override public Vec innerSolution(Vec x) { return innerSolution(in, exact, x); }

    /** λ_max of the mean inner Hessian (every batch's is larger in general: a bound for the full problem only). */
    @Override public double innerLipschitz() { return exact.lG(); }
    @Override public double innerStrongConvexity() { return exact.muG(); }
    @Override public double hypergradLipschitz() { return exact.lH(); }

    /** benchopt's metrics: ‖∇h(x)‖² ("value") and ‖y − y*(x)‖² ("inner_distance", as the distance here). */
    @Override public Map<String, Double> metrics(Vec x, Vec y) {
        Vec g = exactHypergradient(x);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("hypergradNormSquared", g.dot(g));
        m.put("innerDistance", Vec.distance(y, innerSolution(x)));
        return m;
    }

    // ---- small dense helpers ------------------------------------------------------------------------------

    private static double dot(double[] a, int off, double[] b) {
        double s = 0;
        for (int k = 0; k < b.length; k++) s += a[off + k] * b[k];
        return s;
    }

    /** Mᵀ v' with M r×c row-major written into out at offset (for the square generators: out = M v). */
    private static void mulInto(double[] m, double[] v, int r, int c, double[] out, int off) {
        for (int i = 0; i < r; i++) {
            double t = 0;
            for (int k = 0; k < c; k++) t += m[i * c + k] * v[k];
            out[off + i] = t;
        }
    }

    /** out += M v (M r×c), or Mᵀ v when {@code transpose} (v of length r, out of length c). */
    private static void mulAdd(double[] m, double[] v, int r, int c, double[] out, boolean transpose) {
        for (int i = 0; i < r; i++)
            for (int k = 0; k < c; k++) {
                if (transpose) out[k] += m[i * c + k] * v[i];
                else out[i] += m[i * c + k] * v[k];
            }
    }

    private static double quad(double[] m, double[] u, double[] v, int r, int c) {
        double s = 0;
        for (int i = 0; i < r; i++) for (int k = 0; k < c; k++) s += u[i] * m[i * c + k] * v[k];
        return s;
    }

    private static double[] outerMean(double[] u, double[] v, int n, int du, int dv) {
        double[] m = new double[du * dv];
        for (int i = 0; i < n; i++)
            for (int a = 0; a < du; a++) {
                double ua = u[i * du + a];
                for (int b = 0; b < dv; b++) m[a * dv + b] += ua * v[i * dv + b];
            }
        return scale(m, n);
    }

    private static double[] colMean(double[] u, int n, int d) {
        double[] m = new double[d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) m[k] += u[i * d + k];
        return scale(m, n);
    }

    private static double[] scale(double[] g, int n) {
        for (int k = 0; k < g.length; k++) g[k] /= n;
        return g;
    }

    private static double[] logspace(double lo, double hi, int k) {
        double[] o = new double[k];
        for (int i = 0; i < k; i++) o[i] = k == 1 ? lo : Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (k - 1));
        return o;
    }
}
