package org.bilevel4j.smoothing;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** Every oracle of the wrapper G₀ + Σ_k e^{x_k} ψ̃_k against finite differences of the lower-order one. */
class RegularizedProblemTest {
    static final Quadratic BASE = new Quadratic(new Quadratic.Spec(2, 9, 8, 8, 10, 3, 0.3, 5));

    static RegularizedProblem problem(Regularizer r, double mu) {
        return new RegularizedProblem(BASE, r, mu, new double[r.terms()]);
    }

    static Vec randomVec(Random rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.nextGaussian();
        return Vec.of(a);
    }

    static void close(Vec exact, Vec fd, double tol, String what) {
        assertTrue(Vec.distance(exact, fd) <= tol * (1 + fd.norm()), what + ": " + exact + " vs " + fd);
    }

    @Test void oraclesMatchFiniteDifferences() {
        Random rng = new Random(11);
        for (Regularizer r : new Regularizer[] {new Oscar(), new Lp(0.6), GroupLasso.consecutive(9, 3)}) {
            RegularizedProblem p = problem(r, 0.05);
            int m = p.dimX();
            assertEquals(r.terms() + 2, m);
            Vec x = randomVec(rng, m).scale(0.5), y = randomVec(rng, 9), v = randomVec(rng, 9), u = randomVec(rng, m);
            double h = 1e-5;
            close(p.innerGradX(x, y), FiniteDifferences.gradient(xx -> p.innerValue(xx, y), x, h), 1e-7, r.name() + " innerGradX");
            close(p.innerGradY(x, y), FiniteDifferences.gradient(yy -> p.innerValue(x, yy), y, h), 1e-7, r.name() + " innerGradY");
            close(p.innerHvpYY(x, y, v), FiniteDifferences.directional(yy -> p.innerGradY(x, yy), y, v, h), 1e-6, r.name() + " innerHvpYY");
            // ∇²_xy G v = ∇_x (∇_y G · v)
            close(p.innerCrossXY(x, y, v), FiniteDifferences.gradient(xx -> p.innerGradY(xx, y).dot(v), x, h), 1e-6, r.name() + " innerCrossXY");
            // ∇²_yx G u = d/dt ∇_y G(x + t u, y)
            close(p.innerCrossYX(x, y, u), FiniteDifferences.directional(xx -> p.innerGradY(xx, y), x, u, h), 1e-6, r.name() + " innerCrossYX");
            close(p.outerGradX(x, y), FiniteDifferences.gradient(xx -> p.outerValue(xx, y), x, h), 1e-7, r.name() + " outerGradX");
            close(p.outerGradY(x, y), FiniteDifferences.gradient(yy -> p.outerValue(x, yy), y, h), 1e-7, r.name() + " outerGradY");
            for (int k = 0; k < r.terms(); k++) assertEquals(0.0, p.outerGradX(x, y).toArray()[k], 0.0, "F does not depend on the log-weights");
        }
    }

    @Test void crossProductOfTheLogWeightIsTheWeightedRegularizerGradient() {
        RegularizedProblem p = problem(new L1(), 0.1);
        Vec x = Vec.of(0.7, 0.1, -0.2), y = Vec.of(1, -2, 0, 0.5, 0, 0, 3, -1, 0.2), v = Vec.of(1, 0, 0, 0, 0, 0, 0, 0, 0);
        // ∇²_{x₁ y} G · e₀ = e^{x₁} ∂ψ̃/∂w₀ = e^{0.7} · 1/√(1 + 0.01)
        assertEquals(Math.exp(0.7) / Math.sqrt(1.01), p.innerCrossXY(x, y, v).toArray()[0], 1e-12);
    }

    @Test void muIsSharedWithMiniBatchViewsAndChangesTheOracles() {
        RegularizedProblem p = problem(new Lp(0.5), 0.1);
        BilevelProblem view = p.batch(new int[] {0, 1}, new int[] {2, 3});
        Vec x = Vec.zeros(3), y = Vec.constant(9, 0.01);
        double before = view.innerValue(x, y);
        p.setMu(1e-3);
        assertEquals(1e-3, ((Smoothed) view).mu());
        assertNotEquals(before, view.innerValue(x, y));
        assertThrows(IllegalArgumentException.class, () -> p.setMu(0));
        // the non-smooth value is the μ → 0 limit
        assertEquals(p.nonSmoothInnerValue(x, y), p.innerValue(x, y), 9 * Math.pow(1e-3, 0.5) * 1.0001);
    }

    @Test void dimensionMismatchIsReported() {
        assertThrows(IllegalArgumentException.class, () -> problem(GroupLasso.consecutive(5, 2), 0.1));
    }
}
