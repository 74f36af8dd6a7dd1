package org.bilevel4j.solver.penalty;

import static org.bilevel4j.solver.penalty.Runs.Q;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class BomeTest {
    static final double ETA = 0.5;

    /**
     * With θ = y*(x), ∇q̂ is the gradient of the value-function gap q(x,y) = G(x,y) − min_θ G(x,θ) (Danskin),
     * checked against finite differences of q in x and in y; and the barrier gives ⟨d, ∇q̂⟩ = φ = η‖∇q̂‖² when λ &gt; 0.
     */
    @Test void directionUsesTheValueFunctionGradientAndTheBarrierHolds() {
        Vec x = PenaltyMethodTest.random(Q.dimX(), 5).scale(0.5);
        Vec y = Q.innerSolution(x).axpy(0.1, PenaltyMethodTest.random(Q.dimY(), 6));
        BomeDirection d = BomeDirection.of(Q, x, y, Q.innerSolution(x), ETA, false);
        Vec fdX = FiniteDifferences.gradient(u -> Q.innerValue(u, y) - Q.innerValue(u, Q.innerSolution(u)), x, 1e-4);
        Vec fdY = FiniteDifferences.gradient(v -> Q.innerValue(x, v), y, 1e-4);
        assertTrue(FiniteDifferences.relativeError(d.qx(), fdX) < 1e-6, "grad_x q: " + FiniteDifferences.relativeError(d.qx(), fdX));
        assertTrue(FiniteDifferences.relativeError(d.qy(), fdY) < 1e-6, "grad_y q: " + FiniteDifferences.relativeError(d.qy(), fdY));
        double q2 = d.qx().normSquared() + d.qy().normSquared();
        assertTrue(d.lambda() > 0, "the outer gradient pushes against the constraint here");
        assertEquals(ETA * q2, d.phi(), 1e-12 * q2);
        assertEquals(d.phi(), d.dx().dot(d.qx()) + d.dy().dot(d.qy()), 1e-9 * q2, "<d, grad q> = phi");
        Vec fx = Q.outerGradX(x, y);
        assertTrue(Vec.distance(d.dx(), fx.axpy(d.lambda(), d.qx())) < 1e-12 * d.dx().norm(), "d = grad F + lambda grad q");
    }

    /** When ∇F already decreases q fast enough, λ = 0 and d = ∇F. */
    @Test void noBarrierWhenTheOuterGradientAlreadyDecreasesQ() {
        Vec x = Vec.zeros(Q.dimX());
        Vec y = Q.innerSolution(x);
        y.axpy(1e-3, Q.outerGradY(x, y)); // q's gradient ∝ ∇_yF: <∇F, ∇q> > 0 and ‖∇q‖² small
        BomeDirection d = BomeDirection.of(Q, x, y, Q.innerSolution(x), ETA, false);
        assertEquals(0, d.lambda());
        assertEquals(0, Vec.distance(d.dy(), Q.outerGradY(x, y)));
    }

    /**
     * BOME's bias on the quadratic: θ_q starts at y, so ∇_xq̂ = ∇²_xyG P_q (y − y*) with P_q = I − (I − sA)^q
     * instead of ∇²_xyG (y − y*). Its limit is then the zero of the q-biased hypergradient
     * ĝ_q(x) = ∇_xF − ∇²_xyG P_q A⁻¹ ∇_yF at y*(x) (A = ∇²_yyG, s the inner step), not x*.
     */
    static Vec biasedHypergradient(Vec x, int q, double s) {
        Vec y = Q.innerSolution(x), w = new ConjugateGradient(500, 1e-13).solve(v -> Q.innerHvpYY(x, y, v), Q.outerGradY(x, y), Vec.zeros(Q.dimY()));
        Vec r = w.copy();
        for (int j = 0; j < q; j++) r.axpy(-s, Q.innerHvpYY(x, y, r)); // (I − sA)^q A⁻¹∇_yF
        return Q.outerGradX(x, y).axpy(-1, Q.innerCrossXY(x, y, w.axpy(-1, r)));
    }

    /** The zero of the affine map ĝ_q, from its p + 1 values at 0 and the unit vectors. */
    static Vec biasedSolution(int q, double s) {
        int p = Q.dimX();
        Vec g0 = biasedHypergradient(Vec.zeros(p), q, s);
        DMatrixRMaj m = new DMatrixRMaj(p, p), rhs = new DMatrixRMaj(p, 1), sol = new DMatrixRMaj(p, 1);
        for (int j = 0; j < p; j++) {
            Vec e = Vec.zeros(p);
            Vec.array(e)[j] = 1;
            double[] col = Vec.array(biasedHypergradient(e, q, s).axpy(-1, g0));
            for (int i = 0; i < p; i++) m.set(i, j, col[i]);
        }
        for (int i = 0; i < p; i++) rhs.set(i, 0, -Vec.array(g0)[i]);
        assertTrue(CommonOps_DDRM.solve(m, rhs, sol));
        return Vec.of(sol.data);
    }

    @Test void convergesToTheZeroOfTheQBiasedHypergradientWithGradientsOnly() {
        int k = 1000, q = 10;
        RunResult r = Runs.run("bome", Map.of("preset", "benchmark"), k);
        Vec xq = biasedSolution(q, 1 / Q.innerLipschitz());
        double toBiased = Vec.distance(r.x(), xq) / (1 + Q.solutionX().norm());
        System.out.println("bome q=10 dist " + Runs.distance(r) + ", to the q-biased zero " + toBiased + ", its own dist "
                + Q.distanceToSolution(xq) + " " + r.finalRow().extras() + " " + r.oracles());
        assertTrue(Runs.distance(r) <= 2e-2, "distance " + Runs.distance(r));
        assertTrue(Q.distanceToSolution(xq) > 5e-3, "the q = 10 bias is visible on this problem");
        assertTrue(toBiased < 0.2 * Q.distanceToSolution(xq), "BOME approaches the q-biased zero: " + toBiased);
        var c = r.oracles();
        assertEquals(0, c.get(Oracle.innerHvp));
        assertEquals(0, c.get(Oracle.innerCross));
        assertEquals((long) k * (q + 1), c.get(Oracle.innerGradY));
        assertEquals(2L * k, c.get(Oracle.innerGradX));
        assertEquals(k, c.get(Oracle.outerGradX));
        assertEquals(k, c.get(Oracle.outerGradY));
    }
}
