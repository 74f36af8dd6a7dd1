package org.bilevel4j.problems;

import java.util.Random;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.Batches;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.Request;
import org.bilevel4j.vec.Heap;
import org.bilevel4j.vec.Vec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * A strongly convex quadratic bilevel problem with closed-form answers, both levels finite sums over samples
 * (as in benchopt's simulated quadratic), so that mini-batches mean something.
 *
 * <pre>
 *   inner  G(x,y) = (1/n) Σ_i ½ yᵀA_i y + yᵀB_i x + a_iᵀy,     A_i = Q diag(λ ∘ w_i) Qᵀ, mean_i w_i = 1
 *   outer  F(x,y) = (1/m) Σ_j ½ yᵀC y + yᵀD_j x + c_jᵀy + ½ xᵀE x + hᵀx
 *   y*(x) = −A⁻¹(Bx + a),  J = dy*(x) / dx = −A⁻¹B,
 *   ∇Φ(x) = Dᵀy* + E x + h + Jᵀ(C y* + D x + c),  ∇²Φ = JᵀCJ + JᵀD + DᵀJ + E,  x* = −(∇²Φ)⁻¹ ∇Φ(0)
 * </pre>
 * The eigenvalues λ of the mean inner Hessian A are log-spaced in [1, κ] (κ = condition number); every
 * per-sample Hessian is positive definite. E is chosen so that ∇²Φ = R diag(τ) Rᵀ with τ log-spaced in
 * [1, outer condition number] and R a random rotation: the outer problem has a known conditioning too.
 */
public final class Quadratic implements BilevelProblem {
    /** Options of the generator. */
    public record Spec(int dimX, int dimY, int innerSamples, int outerSamples, double condition, double outerCondition,
                       double noise, long seed) {
        public Spec {
            if (!(outerCondition >= 1)) throw new IllegalArgumentException("outer condition number must be >= 1, got " + outerCondition);
            if (dimX < 1 || dimY < 1) throw new IllegalArgumentException("quadratic needs dimX >= 1 and dimY >= 1");
            if (innerSamples < 1 || outerSamples < 1) throw new IllegalArgumentException("quadratic needs at least one sample per level");
            if (!(condition >= 1)) throw new IllegalArgumentException("condition number must be >= 1, got " + condition);
            if (!(noise >= 0 && noise < 1)) throw new IllegalArgumentException("noise must be in [0, 1), got " + noise);
            String what = "quadratic with dimX=" + dimX + ", dimY=" + dimY + ", innerSamples=" + innerSamples + ", outerSamples=" + outerSamples;
            Heap.entries(what + " (a dimY x dimY matrix)", dimY, dimY);
            Heap.entries(what + " (a dimY x dimX matrix)", dimY, dimX);
            Heap.entries(what + " (a dimX x dimX matrix)", dimX, dimX);
            Heap.entries(what + " (innerSamples x dimY weights)", innerSamples, dimY);
            double d = dimY, p = dimX, samples = (double) innerSamples + outerSamples;
            // 5 dense d×d (two rotations, C, EJML scratch), per sample B_i / D_j (d×p) and a_i / c_j (d), the n×d weights, J, 8 p×p
            Heap.require(what, 8 * (5 * d * d + samples * (d * p + d) + innerSamples * d + 3 * d * p + 8 * p * p));
        }

        public static Spec defaults(long seed) { return new Spec(10, 100, 64, 64, 100, 10, 0.5, seed); }

        /**
         * benchopt benchmark_bilevel's quadratic task (config/quadratics.yml, datasets/simulated.py): inner dimension
         * 100, outer 10, 32768 inner and 1024 outer samples (the smaller of its two sizes each), inner Hessian spectrum
         * [mu, L] = [1e-2, 1] (condition 100, the better conditioned of its two). Only the sizes and the inner
         * conditioning match: benchopt draws rank-one per-sample Hessians, ours share eigenvectors (noise 0.5).
         */
        public static Spec benchopt(long seed) { return new Spec(10, 100, 32768, 1024, 100, 10, 0.5, seed); }
    }

    private final Spec spec;
    private final int p, d;
    // shared data (row-major)
    private final double[] q;        // d×d orthogonal eigenvectors of A
    private final double[] lambda;   // d eigenvalues of A
    private final double[] weights;  // n×d per-sample eigenvalue weights, column means 1
    private final double[][] bs, as; // per inner sample: B_i (d×p), a_i (d)
    private final double[] c;        // d×d outer Hessian in y (shared)
    private final double[][] ds, cs; // per outer sample: D_j (d×p), c_j (d)
    private final double[] e;        // p×p matrix E
    private final double[] h;
    // this view: means over the selected samples
    private final double[] lamView, bView, aView, dView, cView;
    private final int[] innerIdx, outerIdx;

    private record Exact(Vec xStar, double[] jac, double[] y0, double lipschitzPhi) {}

    public Quadratic(Spec spec) {
        this.spec = spec;
        this.p = spec.dimX();
        this.d = spec.dimY();
        Random rng = new Random(spec.seed());
        int n = spec.innerSamples(), m = spec.outerSamples();
        q = RandomMatrices_DDRM.orthogonal(d, d, rng).data;
        lambda = new double[d];
        for (int k = 0; k < d; k++) lambda[k] = d == 1 ? 1 : Math.pow(spec.condition(), (double) k / (d - 1));
        weights = new double[n * d];
        for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) weights[i * d + k] = 2 * rng.nextDouble() - 1;
        for (int k = 0; k < d; k++) { // w_ik = 1 + noise (u_ik − mean_i u_ik) / max|.|  ∈ [1 − noise, 1 + noise]
            double mean = 0, max = 1e-12;
            for (int i = 0; i < n; i++) mean += weights[i * d + k] / n;
            for (int i = 0; i < n; i++) max = Math.max(max, Math.abs(weights[i * d + k] - mean));
            for (int i = 0; i < n; i++) weights[i * d + k] = 1 + spec.noise() * (weights[i * d + k] - mean) / max;
        }
        bs = new double[n][];
        as = new double[n][];
        for (int i = 0; i < n; i++) {
            bs[i] = gaussian(rng, d * p, 1 / Math.sqrt(p));
            as[i] = gaussian(rng, d, 1);
        }
        double[] qc = RandomMatrices_DDRM.orthogonal(d, d, rng).data;
        c = new double[d * d];
        for (int k = 0; k < d; k++) {
            double g = rng.nextDouble();
            for (int r = 0; r < d; r++) for (int s = 0; s < d; s++) c[r * d + s] += qc[r * d + k] * g * qc[s * d + k];
        }
        ds = new double[m][];
        cs = new double[m][];
        for (int j = 0; j < m; j++) {
            ds[j] = gaussian(rng, d * p, 1 / Math.sqrt(d));
            cs[j] = gaussian(rng, d, 1);
        }
        h = gaussian(rng, p, 1);
        innerIdx = Batches.all(n);
        outerIdx = Batches.all(m);
        lamView = lambdaMean(innerIdx);
        bView = mean(bs, innerIdx);
        aView = mean(as, innerIdx);
        dView = mean(ds, outerIdx);
        cView = mean(cs, outerIdx);
        // E = R diag(τ) Rᵀ − M makes ∇²Φ = M + E = R diag(τ) Rᵀ, M = JᵀCJ + JᵀD + DᵀJ
        double[] jac = new double[d * p];
        for (int col = 0; col < p; col++) {
            double[] bcol = new double[d];
            for (int r = 0; r < d; r++) bcol[r] = bView[r * p + col];
            double[] sol = solveA(bcol);
            for (int r = 0; r < d; r++) jac[r * p + col] = -sol[r];
        }
        DMatrixRMaj jm = DMatrixRMaj.wrap(d, p, jac), cm = DMatrixRMaj.wrap(d, d, c), dm = DMatrixRMaj.wrap(d, p, dView);
        DMatrixRMaj cj = new DMatrixRMaj(d, p), mm = new DMatrixRMaj(p, p), jd = new DMatrixRMaj(p, p);
        CommonOps_DDRM.mult(cm, jm, cj);
        CommonOps_DDRM.multTransA(jm, cj, mm);
        CommonOps_DDRM.multTransA(jm, dm, jd);
        for (int r = 0; r < p; r++) for (int s = 0; s < p; s++) mm.add(r, s, jd.get(r, s) + jd.get(s, r));
        double[] rot = RandomMatrices_DDRM.orthogonal(p, p, rng).data;
        DMatrixRMaj hess = new DMatrixRMaj(p, p);
        for (int k = 0; k < p; k++) {
            double tau = p == 1 ? 1 : Math.pow(spec.outerCondition(), (double) k / (p - 1));
            for (int r = 0; r < p; r++) for (int s = 0; s < p; s++) hess.add(r, s, rot[r * p + k] * tau * rot[s * p + k]);
        }
        this.e = new double[p * p];
        for (int r = 0; r < p; r++) for (int s = 0; s < p; s++) e[r * p + s] = hess.get(r, s) - mm.get(r, s);
        double lipschitzPhi = symmetricEigenvalues(hess)[p - 1];
        // x* = −(∇²Φ)⁻¹ ∇Φ(0)
        Exact tmp = new Exact(null, jac, solveA(negate(aView)), lipschitzPhi);
        Vec grad0 = hypergrad(Vec.zeros(p), tmp);
        DMatrixRMaj rhs = DMatrixRMaj.wrap(p, 1, grad0.scale(-1).toArray()), sol = new DMatrixRMaj(p, 1);
        if (!CommonOps_DDRM.solveSPD(hess, rhs, sol)) throw new IllegalStateException("outer Hessian not positive definite");
        exactHolder = new Exact(Vec.of(sol.data.clone()), jac, tmp.y0(), lipschitzPhi);
    }

    private final Exact exactHolder; // null for mini-batch views

    /** A mini-batch view sharing the data of {@code full}. */
    private Quadratic(Quadratic full, int[] outerIdx, int[] innerIdx) {
        spec = full.spec;
        p = full.p;
        d = full.d;
        q = full.q;
        lambda = full.lambda;
        weights = full.weights;
        bs = full.bs;
        as = full.as;
        c = full.c;
        ds = full.ds;
        cs = full.cs;
        e = full.e;
        h = full.h;
        this.innerIdx = innerIdx;
        this.outerIdx = outerIdx;
        lamView = lambdaMean(innerIdx);
        bView = mean(bs, innerIdx);
        aView = mean(as, innerIdx);
        dView = mean(ds, outerIdx);
        cView = mean(cs, outerIdx);
        exactHolder = null; // mini-batch views have no closed form
    }

    public Spec spec() { return spec; }

    @Override public String name() { return "quadratic"; }
    @Override public int dimX() { return p; }
    @Override public int dimY() { return d; }
    @Override public int innerSamples() { return spec.innerSamples(); }
    @Override public int outerSamples() { return spec.outerSamples(); }

    @Override public BilevelProblem batch(int[] outer, int[] inner) {
        Batches.check(outer, spec.outerSamples(), "outer");
        Batches.check(inner, spec.innerSamples(), "inner");
        return new Quadratic(this, outer, inner);
    }

    // ---- oracles -------------------------------------------------------------------------------------

    @Override public double innerValue(Vec xv, Vec yv) {
        double[] x = Vec.array(xv), y = Vec.array(yv);
        double[] ay = hessA(y), bx = mulB(bView, x);
        double s = 0;
        for (int r = 0; r < d; r++) s += 0.5 * y[r] * ay[r] + y[r] * bx[r] + aView[r] * y[r];
        return s;
    }

    @Override public double outerValue(Vec xv, Vec yv) {
        double[] x = Vec.array(xv), y = Vec.array(yv);
        double[] cy = mulSym(c, y), dx = mulB(dView, x);
        double s = 0;
        for (int r = 0; r < d; r++) s += 0.5 * y[r] * cy[r] + y[r] * dx[r] + cView[r] * y[r];
        double[] ex = mulE(x);
        for (int k = 0; k < p; k++) s += 0.5 * x[k] * ex[k] + h[k] * x[k];
        return s;
    }

    @Override public Vec innerGradY(Vec xv, Vec yv) {
        double[] g = hessA(Vec.array(yv)), bx = mulB(bView, Vec.array(xv));
        for (int r = 0; r < d; r++) g[r] += bx[r] + aView[r];
        return Vec.of(g);
    }

    @Override public Vec innerGradX(Vec xv, Vec yv) { return Vec.of(mulBt(bView, Vec.array(yv))); }

    // fused: A y and B x computed once for G's value and ∇_y G (B x once for both points); same numbers as the separate calls

    @Override public boolean fusesPasses() { return true; }

    @Override public Answer innerAt(Vec x, Vec y, Request r) { return innerAt(mulB(bView, Vec.array(x)), x, y, r); }

    @Override public Answer[] innerAt(Vec x, Vec y, Request atY, Vec z, Request atZ) {
        double[] bx = mulB(bView, Vec.array(x));
        return new Answer[] {innerAt(bx, x, y, atY), innerAt(bx, x, z, atZ)};
    }

    private Answer innerAt(double[] bx, Vec xv, Vec yv, Request req) {
        double[] y = Vec.array(yv), ay = req.value() || req.gradY() ? hessA(y) : null;
        double value = Double.NaN;
        if (req.value()) {
            value = 0;
            for (int r = 0; r < d; r++) value += 0.5 * y[r] * ay[r] + y[r] * bx[r] + aView[r] * y[r];
        }
        double[] g = null;
        if (req.gradY()) {
            g = ay.clone();
            for (int r = 0; r < d; r++) g[r] += bx[r] + aView[r];
        }
        return new Answer(value, req.gradX() ? innerGradX(xv, yv) : null, g == null ? null : Vec.of(g));
    }

    @Override public Vec outerGradY(Vec xv, Vec yv) {
        double[] g = mulSym(c, Vec.array(yv)), dx = mulB(dView, Vec.array(xv));
        for (int r = 0; r < d; r++) g[r] += dx[r] + cView[r];
        return Vec.of(g);
    }

    @Override public Vec outerGradX(Vec xv, Vec yv) {
        double[] ex = mulE(Vec.array(xv)), g = mulBt(dView, Vec.array(yv));
        for (int k = 0; k < p; k++) g[k] += ex[k] + h[k];
        return Vec.of(g);
    }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return Vec.of(hessA(Vec.array(v))); }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(mulBt(bView, Vec.array(v))); }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) { return Vec.of(mulB(bView, Vec.array(u))); }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) { return Vec.of(mulSym(c, Vec.array(v))); }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) { return Vec.of(mulBt(dView, Vec.array(v))); }

    // ---- closed forms (full problem only) --------------------------------------------------------------

    @Override public Vec solutionX() { return exactHolder == null ? null : exactHolder.xStar().copy(); }

    @Override public Vec innerSolution(Vec xv) {
        double[] rhs = mulB(bView, Vec.array(xv));
        for (int r = 0; r < d; r++) rhs[r] = -(rhs[r] + aView[r]);
        return Vec.of(solveA(rhs));
    }

    @Override public Vec exactHypergradient(Vec x) { return exactHolder == null ? null : hypergrad(x, exactHolder); }

    /** ∇Φ(x) = ∇_xF(x, y*) + Jᵀ ∇_yF(x, y*). */
    private Vec hypergrad(Vec x, Exact ex) {
        Vec y = innerSolution(x);
        Vec gx = outerGradX(x, y);
        double[] gy = Vec.array(outerGradY(x, y)), g = Vec.array(gx);
        for (int r = 0; r < d; r++) for (int k = 0; k < p; k++) g[k] += ex.jac()[r * p + k] * gy[r];
        return gx;
    }

    @Override public double innerLipschitz() {
        double m = 0;
        for (double l : lamView) m = Math.max(m, l);
        return m;
    }

    /** The smallest eigenvalue of this view's inner Hessian (strong convexity). */
    @Override public double innerStrongConvexity() {
        double m = Double.POSITIVE_INFINITY;
        for (double l : lamView) m = Math.min(m, l);
        return m;
    }

    @Override public double hypergradLipschitz() { return exactHolder == null ? Double.NaN : exactHolder.lipschitzPhi(); }

    // ---- linear algebra on primitive arrays ------------------------------------------------------------

    /** A v = Q diag(λ_view) Qᵀ v. */
    private double[] hessA(double[] v) {
        double[] t = new double[d];
        for (int r = 0; r < d; r++) {
            double vr = v[r];
            int off = r * d;
            for (int k = 0; k < d; k++) t[k] += q[off + k] * vr; // t = Qᵀ v
        }
        for (int k = 0; k < d; k++) t[k] *= lamView[k];
        double[] out = new double[d];
        for (int r = 0; r < d; r++) {
            int off = r * d;
            double s = 0;
            for (int k = 0; k < d; k++) s += q[off + k] * t[k];
            out[r] = s;
        }
        return out;
    }

    /** A⁻¹ v for the view. */
    private double[] solveA(double[] v) {
        double[] t = new double[d];
        for (int r = 0; r < d; r++) for (int k = 0; k < d; k++) t[k] += q[r * d + k] * v[r];
        for (int k = 0; k < d; k++) t[k] /= lamView[k];
        double[] out = new double[d];
        for (int r = 0; r < d; r++) for (int k = 0; k < d; k++) out[r] += q[r * d + k] * t[k];
        return out;
    }

    private double[] mulSym(double[] m, double[] v) {
        double[] out = new double[d];
        for (int r = 0; r < d; r++) {
            double s = 0;
            for (int k = 0; k < d; k++) s += m[r * d + k] * v[k];
            out[r] = s;
        }
        return out;
    }

    /** M x for a d×p matrix. */
    private double[] mulB(double[] m, double[] x) {
        double[] out = new double[d];
        for (int r = 0; r < d; r++) {
            double s = 0;
            for (int k = 0; k < p; k++) s += m[r * p + k] * x[k];
            out[r] = s;
        }
        return out;
    }

    private double[] mulE(double[] x) {
        double[] out = new double[p];
        for (int r = 0; r < p; r++) for (int k = 0; k < p; k++) out[r] += e[r * p + k] * x[k];
        return out;
    }

    /** Mᵀ y for a d×p matrix. */
    private double[] mulBt(double[] m, double[] y) {
        double[] out = new double[p];
        for (int r = 0; r < d; r++) {
            double yr = y[r];
            for (int k = 0; k < p; k++) out[k] += m[r * p + k] * yr;
        }
        return out;
    }

    private double[] lambdaMean(int[] idx) {
        double[] l = new double[d];
        for (int i : idx) for (int k = 0; k < d; k++) l[k] += weights[i * d + k];
        for (int k = 0; k < d; k++) l[k] = lambda[k] * l[k] / idx.length;
        return l;
    }

    private static double[] mean(double[][] rows, int[] idx) {
        double[] out = new double[rows[0].length];
        for (int i : idx) for (int k = 0; k < out.length; k++) out[k] += rows[i][k];
        for (int k = 0; k < out.length; k++) out[k] /= idx.length;
        return out;
    }

    private static double[] gaussian(Random rng, int n, double scale) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = scale * rng.nextGaussian();
        return out;
    }

    private static double[] negate(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = -out[i];
        return out;
    }

    private static double[] symmetricEigenvalues(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, false, true);
        if (!eig.decompose(m.copy())) throw new IllegalStateException("eigen-decomposition failed");
        double[] out = new double[m.numRows];
        for (int i = 0; i < out.length; i++) out[i] = eig.getEigenvalue(i).real;
        java.util.Arrays.sort(out);
        return out;
    }
}
