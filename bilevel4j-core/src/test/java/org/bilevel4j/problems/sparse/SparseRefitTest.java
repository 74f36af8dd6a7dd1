package org.bilevel4j.problems.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.smoothing.L1;
import org.bilevel4j.smoothing.Lp;
import org.bilevel4j.smoothing.Regularizer;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * Sparse regression with test rows reports the refit (RegularizedProblem#refitMetrics): w = argmin_w G(x, w) from the
 * initial w at the task's μ, testMse and nonZeros read there, whatever the run's w and a solver's μ.
 */
class SparseRefitTest {
    static double[] gaussian(int n, SplittableRandom r) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }

    static SparseRegression problem(Regularizer reg, double mu) {
        SplittableRandom r = new SplittableRandom(11);
        int d = 6;
        double[] truth = {2, -1.5, 0, 0, 0.7, 0};
        double[][] parts = new double[3][];
        double[][] targets = new double[3][];
        int[] rows = {40, 25, 30};
        for (int p = 0; p < 3; p++) {
            parts[p] = gaussian(rows[p] * d, r);
            targets[p] = new double[rows[p]];
            for (int i = 0; i < rows[p]; i++) {
                double t = 0.3 * r.nextGaussian();
                for (int j = 0; j < d; j++) t += parts[p][i * d + j] * truth[j];
                targets[p][i] = t;
            }
        }
        LeastSquares ls = new LeastSquares(d, parts[0], targets[0], parts[1], targets[1], 1);
        return new SparseRegression(ls, reg, mu, new double[] {-1}, null, null, -8, 3, parts[2], targets[2]);
    }

    @Test void refitIsTheInnerMinimizerAtTheTasksMuFromTheInitialW() {
        for (Regularizer reg : new Regularizer[] {new L1(), new Lp(0.6)}) {
            SparseRegression p = problem(reg, 0.05);
            Vec x = Vec.of(-0.5);
            Vec w = p.refitY(x);
            assertTrue(p.innerGradY(x, w).norm() <= 1e-6, reg.name() + ": |grad G| at the refit " + p.innerGradY(x, w).norm());
            Map<String, Double> m = p.refitMetrics(x, Vec.zeros(p.dimY()));
            assertEquals(p.metrics(x, w).get("testMse"), m.get("testMseRefit"), 1e-12);
            assertEquals(p.metrics(x, w).get("nonZeros"), m.get("nonZerosRefit"));
            assertEquals(m, p.refitMetrics(x, Vec.constant(p.dimY(), 5)), "the run's w plays no part");
            p.setMu(0.0125); // a solver's schedule
            assertEquals(m, p.refitMetrics(x, Vec.zeros(p.dimY())), "the refit stays at the task's mu");
            assertTrue(p.innerGradY(x, w).norm() > 1e-4, "and is not stationary at the solver's mu");
            p.setMu(0.05);
            // a stronger penalty shrinks the refit: fewer non-zeros or a smaller norm
            Vec strong = p.refitY(Vec.of(2.0));
            assertTrue(strong.norm() < w.norm() - 0.1, reg.name() + ": |w| " + w.norm() + " -> " + strong.norm());
        }
    }

    @Test void withoutTestRowsThereIsNoRefit() {
        SparseRegression p = (SparseRegression) org.bilevel4j.Catalog.problem("sparse-regression",
                new org.bilevel4j.solver.Options(Map.of("design", "orthogonal")), 1);
        assertTrue(p.refitMetrics(p.initialX(), p.initialY()).isEmpty());
    }
}
