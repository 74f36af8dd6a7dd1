package org.bilevel4j.solver.defaults;

import org.bilevel4j.opt.Rng;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.vec.Vec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A problem as a user would write one: losses as sums over samples (not means), scale factors on F and G, no
 * Lipschitz constants, second-order products optional, and an optionally non-convex Φ:
 * <pre>
 *   G(x, y) = sG [ Σ_i ½ (a_iᵀ y − b_iᵀ x − c_i)² + ½ μ ‖y‖² ]
 *   F(x, y) = sF [ Σ_j ½ (d_jᵀ y − e_j)² + ½ ρ ‖x‖² + ν Σ_k log(1 + x_k²) ]
 * </pre>
 * y*(x) = (AᵀA + μI)⁻¹ Aᵀ(Bx + c) and ∇Φ = ∇_x F + BᵀA (AᵀA + μI)⁻¹ ∇_y F, solved densely (EJML).
 */
final class UserProblem implements BilevelProblem {
    record Spec(String name, int dimX, int dimY, int innerN, int outerN, double sG, double sF, double rho, double nu, boolean hvp, double x0) {}

    final Spec s;
    private final DMatrixRMaj a, b, d, h;
    private final double[] c, e;

    UserProblem(Spec s) {
        this.s = s;
        Rng r = new Rng(1000L * s.dimX() + s.dimY()); // the same data for every scaling of one shape
        a = random(r, s.innerN(), s.dimY());
        b = random(r, s.innerN(), s.dimX());
        d = random(r, s.outerN(), s.dimY());
        c = random(r, s.innerN(), 1).getData();
        e = random(r, s.outerN(), 1).getData();
        h = new DMatrixRMaj(s.dimY(), s.dimY());
        CommonOps_DDRM.multTransA(a, a, h);
        for (int i = 0; i < s.dimY(); i++) h.add(i, i, 0.1);
    }

    private static DMatrixRMaj random(Rng r, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) m.data[i] = 2 * r.nextDouble() - 1;
        return m;
    }

    private static double[] mul(DMatrixRMaj m, double[] v) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, 1);
        CommonOps_DDRM.mult(m, DMatrixRMaj.wrap(v.length, 1, v), out);
        return out.data;
    }

    private static double[] mulT(DMatrixRMaj m, double[] v) {
        DMatrixRMaj out = new DMatrixRMaj(m.numCols, 1);
        CommonOps_DDRM.multTransA(m, DMatrixRMaj.wrap(v.length, 1, v), out);
        return out.data;
    }

    /** Ay − Bx − c. */
    private double[] innerResidual(Vec x, Vec y) {
        double[] ay = mul(a, y.toArray()), bx = mul(b, x.toArray());
        for (int i = 0; i < ay.length; i++) ay[i] -= bx[i] + c[i];
        return ay;
    }

    private double[] outerResidual(Vec y) {
        double[] dy = mul(d, y.toArray());
        for (int i = 0; i < dy.length; i++) dy[i] -= e[i];
        return dy;
    }

    @Override public String name() { return s.name(); }
    @Override public int dimX() { return s.dimX(); }
    @Override public int dimY() { return s.dimY(); }

    @Override public double innerValue(Vec x, Vec y) {
        double[] r = innerResidual(x, y);
        double v = 0;
        for (double t : r) v += 0.5 * t * t;
        return s.sG() * (v + 0.05 * y.normSquared());
    }

    @Override public double outerValue(Vec x, Vec y) {
        double[] r = outerResidual(y);
        double v = 0;
        for (double t : r) v += 0.5 * t * t;
        v += 0.5 * s.rho() * x.normSquared();
        for (double t : x.toArray()) v += s.nu() * Math.log1p(t * t);
        return s.sF() * v;
    }

    @Override public Vec innerGradY(Vec x, Vec y) {
        return Vec.of(mulT(a, innerResidual(x, y))).axpy(0.1, y).scale(s.sG());
    }

    @Override public Vec innerGradX(Vec x, Vec y) { return Vec.of(mulT(b, innerResidual(x, y))).scale(-s.sG()); }

    @Override public Vec outerGradY(Vec x, Vec y) { return Vec.of(mulT(d, outerResidual(y))).scale(s.sF()); }

    @Override public Vec outerGradX(Vec x, Vec y) {
        double[] g = x.toArray();
        for (int k = 0; k < g.length; k++) g[k] = s.rho() * g[k] + s.nu() * 2 * g[k] / (1 + g[k] * g[k]);
        return Vec.of(g).scale(s.sF());
    }

    private void needHvp() {
        if (!s.hvp()) throw new UnsupportedOperationException(name() + " has no Hessian-vector product; use a Hessian-free solver");
    }

    @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) {
        needHvp();
        return Vec.of(mul(h, v.toArray())).scale(s.sG());
    }

    @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) {
        needHvp();
        return Vec.of(mulT(b, mul(a, v.toArray()))).scale(-s.sG());
    }

    @Override public Vec innerCrossYX(Vec x, Vec y, Vec u) {
        needHvp();
        return Vec.of(mulT(a, mul(b, u.toArray()))).scale(-s.sG());
    }

    @Override public Vec outerHvpYY(Vec x, Vec y, Vec v) {
        needHvp();
        return Vec.of(mulT(d, mul(d, v.toArray()))).scale(s.sF());
    }

    @Override public Vec outerCrossXY(Vec x, Vec y, Vec v) {
        needHvp();
        return Vec.zeros(dimX());
    }

    @Override public Vec initialX() { return Vec.constant(dimX(), s.x0()); }

    @Override public Vec innerSolution(Vec x) {
        double[] rhs = mul(b, x.toArray());
        for (int i = 0; i < rhs.length; i++) rhs[i] += c[i];
        return Vec.of(solve(mulT(a, rhs)));
    }

    private double[] solve(double[] rhs) {
        DMatrixRMaj out = new DMatrixRMaj(rhs.length, 1);
        if (!CommonOps_DDRM.solve(h, DMatrixRMaj.wrap(rhs.length, 1, rhs.clone()), out)) throw new IllegalStateException("singular");
        return out.data;
    }

    @Override public Vec exactHypergradient(Vec x) {
        Vec y = innerSolution(x);
        double[] w = solve(outerGradY(x, y).toArray());
        return outerGradX(x, y).axpy(1, Vec.of(mulT(b, mul(a, w))));
    }
}
