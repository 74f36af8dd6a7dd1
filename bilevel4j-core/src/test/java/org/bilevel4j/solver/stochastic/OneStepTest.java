package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.Solver;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * One or two steps of every stochastic solver on {@link TinyQuadratic}, against the method's equations
 * (docs/STOCHASTIC.md) evaluated by hand from the problem's closed-form derivatives. Start: x = 1, y = (1, 1),
 * v = (0.5, −0.5), ρ = 0.1, γ = 0.05. Neumann series of one term make the randomly truncated ones deterministic.
 */
class OneStepTest {
    static final double RHO = 0.1, GAMMA = 0.05, TOL = 1e-14;
    static final int[] ALL = {0, 1};
    static final double[] A = TinyQuadratic.A;

    // ---- the problem's derivatives, by hand -----------------------------------------------------------------
    static double[] b(int... i) { return TinyQuadratic.mean(TinyQuadratic.B, i); }

    static double[] c(int... j) { return TinyQuadratic.mean(TinyQuadratic.C, j); }

    static double[] gy(double x, double[] y, int... i) { double[] b = b(i); return new double[] {A[0] * y[0] + x * b[0], A[1] * y[1] + x * b[1]}; }

    static double[] hv(double[] v) { return new double[] {A[0] * v[0], A[1] * v[1]}; }

    static double cv(double[] v, int... i) { double[] b = b(i); return b[0] * v[0] + b[1] * v[1]; }

    static double[] fy(double[] y, int... j) { double[] c = c(j); return new double[] {y[0] - c[0], y[1] - c[1]}; }

    static double[] lin(double a, double[] u, double bb, double[] w) { return new double[] {a * u[0] + bb * w[0], a * u[1] + bb * w[1]}; }

    static double[] add(double[] u, double[] w) { return lin(1, u, 1, w); }

    // ---- running a solver -------------------------------------------------------------------------------------
    static StochasticState start(String name, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(Map.of("innerStep", "" + RHO, "outerStep", "" + GAMMA, "batchSize", "2",
                "innerDecay", "0", "outerDecay", "0"));
        o.putAll(extra);
        @SuppressWarnings("unchecked")
        Solver<StochasticState> s = (Solver<StochasticState>) Catalog.solver(name, new TinyQuadratic(), new Options(o), 7);
        StochasticState st = s.init(new TinyQuadratic(), Vec.of(1), Vec.of(1, 1));
        st.v.assign(Vec.of(0.5, -0.5));
        solvers.put(st, s);
        return st;
    }

    static final Map<StochasticState, Solver<StochasticState>> solvers = new HashMap<>();

    static void step(StochasticState s) {
        solvers.get(s).step(s);
        s.iteration++;
    }

    static void expect(StochasticState s, double x, double[] y, double[] v) {
        assertEquals(x, s.x.toArray()[0], TOL, "x");
        assertArrayEquals(y, s.y.toArray(), TOL, "y");
        if (v != null) assertArrayEquals(v, s.v.toArray(), TOL, "v");
    }

    static final double X = 1;
    static final double[] Y = {1, 1}, V = {0.5, -0.5};

    /** eq. (9): y − ρ D_y, v − ρ D_v, x − γ D_x with all three at the current point. */
    @Test void soba() {
        StochasticState s = start("soba", Map.of());
        step(s);
        double[] dy = gy(X, Y, ALL), dv = add(hv(V), fy(Y, ALL));
        double dx = cv(V, ALL) + X;
        expect(s, X - GAMMA * dx, lin(1, Y, -RHO, dy), lin(1, V, -RHO, dv));
    }

    /** Two steps over two batches of one sample: the SAGA estimate g_k(u_1) − 0 + ½ g_{k'}(u_0) in the second. */
    @Test void saba() {
        StochasticState s = start("saba", Map.of("batchSize", "1"));
        step(s);
        int i0 = s.inner.last, j0 = s.outer.last;
        double[] y1 = lin(1, Y, -RHO, gy(X, Y, i0)), v1 = lin(1, V, -RHO, add(hv(V), fy(Y, j0)));
        double x1 = X - GAMMA * (cv(V, i0) + X);
        expect(s, x1, y1, v1);
        step(s);
        int i1 = s.inner.last, j1 = s.outer.last;
        assertEquals(1 - i0, i1, "an epoch visits both inner batches");
        // S[g] = g_{i1}(u1) − m_{i1} (= 0, unvisited) + ½ g_{i0}(u0)
        double[] dy = lin(1, gy(x1, y1, i1), 0.5, gy(X, Y, i0));
        double[] dv = add(lin(1, hv(v1), 0.5, hv(V)), lin(1, fy(y1, j1), j1 == j0 ? -0.5 : 0.5, fy(Y, j0)));
        double dxOuter = j1 == j0 ? x1 - X + 0.5 * X : x1 + 0.5 * X; // same outer batch: g − m_j + ½ m_j
        double dx = cv(v1, i1) + 0.5 * cv(V, i0) + dxOuter;
        expect(s, x1 - GAMMA * dx, lin(1, y1, -RHO, dy), lin(1, v1, -RHO, dv));
    }

    /** z = −v moves on ∇²G z − ∇_y F, h = θ w with h_0 = 0, x − γ h. */
    @Test void maSoba() {
        StochasticState s = start("ma-soba", Map.of("theta", "0.3"));
        step(s);
        double w = X - cv(V, ALL);
        double[] z = lin(1, V, -RHO, lin(1, hv(V), -1, fy(Y, ALL)));
        expect(s, X - GAMMA * 0.3 * w, lin(1, Y, -RHO, gy(X, Y, ALL)), z);
    }

    /** Full pass at t = 0 (period 2), then D + D_ij(u_1) − D_ij(u_0). */
    @Test void srba() {
        StochasticState s = start("srba", Map.of("batchSize", "1", "periodFrac", "0.5"));
        step(s);
        double[] dy = gy(X, Y, ALL), dv = add(hv(V), fy(Y, ALL));
        double dx = cv(V, ALL) + X;
        double x1 = X - GAMMA * dx;
        double[] y1 = lin(1, Y, -RHO, dy), v1 = lin(1, V, -RHO, dv);
        expect(s, x1, y1, v1);
        step(s);
        int i = s.inner.last, j = s.outer.last;
        double[] dy2 = add(dy, lin(1, gy(x1, y1, i), -1, gy(X, Y, i)));
        double[] dv2 = add(dv, lin(1, add(hv(v1), fy(y1, j)), -1, add(hv(V), fy(Y, j))));
        double dx2 = dx + (cv(v1, i) + x1) - (cv(V, i) + X);
        expect(s, x1 - GAMMA * dx2, lin(1, y1, -RHO, dy2), lin(1, v1, -RHO, dv2));
    }

    /** One y step, one step on the linear system at the new y, x − γ (∇_x F − ∇²_xy G z). */
    @Test void amigo() {
        StochasticState s = start("amigo", Map.of("innerSteps", "1", "systemSteps", "1"));
        step(s);
        double[] y1 = lin(1, Y, -RHO, gy(X, Y, ALL));
        double[] z1 = lin(1, V, -RHO, lin(1, hv(V), -1, fy(y1, ALL)));
        expect(s, X - GAMMA * (X - cv(z1, ALL)), y1, z1);
    }

    /** Q = 1: the truncated series is η ∇_y F; TTSA and BSA evaluate it after their y step. */
    @Test void ttsaAndBsa() {
        for (String name : new String[] {"ttsa", "bsa"}) {
            StochasticState s = start(name, Map.of("neumannSteps", "1", "neumannStep", "0.2", "innerSteps", "1"));
            step(s);
            double[] y1 = lin(1, Y, -RHO, gy(X, Y, ALL));
            double g = X - cv(lin(0.2, fy(y1, ALL), 0, y1), ALL);
            expect(s, X - GAMMA * g, y1, null);
        }
    }

    /**
     * Summed (MRBO) and truncated (SUSTAIN) series of one term, batches of one sample; second step:
     * d ← ĝ_ij(u_1) + (1 − η_1)(d − ĝ_ij(u_0)) with η_1 = η 2^−2/3.
     */
    @Test void mrboAndSustain() {
        double eta = 0.2, m = 0.5;
        for (String name : new String[] {"mrbo", "sustain"}) {
            StochasticState s = start(name, Map.of("neumannSteps", "1", "neumannStep", "" + eta, "momentum", "" + m, "batchSize", "1"));
            boolean summed = name.equals("mrbo");
            // MRBO draws the gradient batch, then one Hessian batch: an epoch of two per step; SUSTAIN (p = 0) draws one
            java.util.function.IntSupplier gBatch = () -> summed ? 1 - s.inner.last : s.inner.last;
            record G(double x, double[] y, int i, int j) {}
            java.util.function.Function<G, Double> ghat = a -> {
                double[] b = fy(a.y(), a.j());
                double[] z = summed ? lin(eta, b, eta, lin(1, b, -eta, hv(b))) : lin(eta, b, 0, b);
                return a.x() - cv(z, a.i());
            };
            step(s);
            int i0 = gBatch.getAsInt(), j0 = s.outer.last;
            double[] dy = gy(X, Y, i0);
            double dx = ghat.apply(new G(X, Y, i0, j0));
            double x1 = X - GAMMA * dx;
            double[] y1 = lin(1, Y, -RHO, dy);
            expect(s, x1, y1, null);
            step(s);
            int i = gBatch.getAsInt(), j = s.outer.last;
            double keep = 1 - m * Math.pow(2, -2.0 / 3);
            double[] dy2 = add(gy(x1, y1, i), lin(keep, dy, -keep, gy(X, Y, i)));
            double dx2 = ghat.apply(new G(x1, y1, i, j)) + keep * (dx - ghat.apply(new G(X, Y, i, j)));
            expect(s, x1 - GAMMA * dx2, lin(1, y1, -RHO, dy2), null);
        }
    }

    /** Full pass (period 1), x step, then one recursion step on y from the full-pass point. */
    @Test void vrbo() {
        double eta = 0.2;
        StochasticState s = start("vrbo", Map.of("neumannSteps", "1", "neumannStep", "" + eta, "innerSteps", "1"));
        step(s);
        double[] b = fy(Y, ALL);
        double[] z = lin(eta, b, eta, lin(1, b, -eta, hv(b)));
        double x1 = X - GAMMA * (X - cv(z, ALL));
        double[] dy = add(gy(X, Y, ALL), lin(1, gy(x1, Y, ALL), -1, gy(X, Y, ALL)));
        expect(s, x1, lin(1, Y, -RHO, dy), null);
    }

    /** y step; z step at (x, y_1); d_0 = ĝ(P_0); second step with the recursive momentum. */
    @Test void fsla() {
        double m = 0.4;
        StochasticState s = start("fsla", Map.of("momentum", "" + m));
        step(s);
        double[] y1 = lin(1, Y, -RHO, gy(X, Y, ALL));
        double[] z1 = lin(1, V, -RHO, lin(1, hv(V), -1, fy(y1, ALL)));
        double d0 = X - cv(z1, ALL), x1 = X - GAMMA * d0;
        expect(s, x1, y1, z1);
        step(s);
        double[] y2 = lin(1, y1, -RHO, gy(x1, y1, ALL));
        double[] z2 = lin(1, z1, -RHO, lin(1, hv(z1), -1, fy(y2, ALL)));
        double d1 = (x1 - cv(z2, ALL)) + (1 - m) * (d0 - (X - cv(z1, ALL)));
        expect(s, x1 - GAMMA * d1, y2, z2);
    }
}
