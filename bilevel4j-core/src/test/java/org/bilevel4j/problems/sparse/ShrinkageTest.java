package org.bilevel4j.problems.sparse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Random;
import org.bilevel4j.Catalog;
import org.bilevel4j.smoothing.GroupLasso;
import org.bilevel4j.smoothing.Lp;
import org.bilevel4j.smoothing.Oscar;
import org.bilevel4j.smoothing.Regularizer;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** The closed-form inner solutions are minimizers, the design is orthogonal, and the 1-D search finds the optimum. */
class ShrinkageTest {
    static double objective(double[] w, double[] z, Regularizer r, double[] c) {
        double s = 0;
        for (int i = 0; i < w.length; i++) s += 0.5 * (w[i] - z[i]) * (w[i] - z[i]);
        return s + r.value(w, c);
    }

    /** No random perturbation (of several sizes, also along single coordinates) decreases the objective. */
    static void assertMinimizer(double[] w, double[] z, Regularizer r, double[] c, Random rng) {
        double f = objective(w, z, r, c);
        for (int trial = 0; trial < 3000; trial++) {
            double[] q = w.clone();
            double scale = Math.pow(10, -4 + 4 * rng.nextDouble());
            if (trial % 2 == 0) for (int i = 0; i < q.length; i++) q[i] += scale * rng.nextGaussian();
            else q[rng.nextInt(q.length)] += scale * rng.nextGaussian();
            assertTrue(objective(q, z, r, c) >= f - 1e-12, r.name() + ": perturbation decreased the objective");
        }
    }

    @Test void proximalMapsAreMinimizers() {
        Random rng = new Random(5);
        for (int rep = 0; rep < 8; rep++) {
            double[] z = new double[9];
            for (int i = 0; i < 9; i++) z[i] = rng.nextGaussian() * (i % 3 == 0 ? 2 : 0.3);
            if (rep % 4 == 0) z[4] = -z[3]; // ties in magnitude
            double t = 0.05 + rng.nextDouble(), t2 = 0.2 * rng.nextDouble();
            assertMinimizer(Shrinkage.l1(z, t), z, new org.bilevel4j.smoothing.L1(), new double[] {t}, rng);
            GroupLasso g = GroupLasso.consecutive(9, 3);
            assertMinimizer(Shrinkage.groupLasso(z, t, g.groups()), z, g, new double[] {t}, rng);
            assertMinimizer(Shrinkage.oscar(z, t, t2), z, new Oscar(), new double[] {t, t2}, rng);
            assertMinimizer(Shrinkage.lp(z, t, 0.6), z, new Lp(0.6), new double[] {t}, rng);
        }
    }

    @Test void lpIsTheGlobalMinimizerPerCoordinate() {
        for (double a = 0; a < 3; a += 0.077) for (double t : new double[] {0.05, 0.3, 1}) {
            double w = Shrinkage.lp(new double[] {a}, t, 0.6)[0], best = Double.POSITIVE_INFINITY, arg = 0;
            for (double q = 0; q <= a; q += 1e-4) {
                double f = 0.5 * (q - a) * (q - a) + t * Math.pow(q, 0.6);
                if (f < best) { best = f; arg = q; }
            }
            double fw = 0.5 * (w - a) * (w - a) + t * (w == 0 ? 0 : Math.pow(w, 0.6));
            assertTrue(fw <= best + 1e-8, "a=" + a + " t=" + t + ": prox " + w + " worse than grid point " + arg);
        }
    }

    @Test void oscarProxMergesEqualMagnitudes() {
        // with a large pairwise weight the two largest magnitudes fuse
        double[] w = Shrinkage.oscar(new double[] {3, -2.9, 0.1}, 0, 0.2);
        assertEquals(Math.abs(w[0]), Math.abs(w[1]), 1e-12);
        assertTrue(w[1] < 0);
    }

    @Test void orthogonalDesignHasIdentityGram() {
        OrthogonalDesign od = new OrthogonalDesign(7, 15, 10, 3, 0.5, 0.1, 3);
        LeastSquares ls = od.build();
        double[] x = ls.trainX();
        for (int j = 0; j < 7; j++) for (int k = 0; k < 7; k++) {
            double s = 0;
            for (int i = 0; i < 15; i++) s += x[i * 7 + j] * x[i * 7 + k];
            assertEquals(j == k ? 1 : 0, s, 1e-12);
        }
        // then the inner Hessian is I, and the inner gradient at w is w − Xᵀy
        Vec w = Vec.of(1, 2, 3, 4, 5, 6, 7), z = Vec.of(SparseRegression.leastSquaresSolution(ls));
        assertEquals(0, Vec.distance(ls.innerGradY(Vec.zeros(0), w), w.copy().axpy(-1, z)), 1e-12);
    }

    @Test void exactSolutionIsTheBestOnADenseGridAndTheInnerSolutionIsStationary() {
        for (String pen : new String[] {"lp", "group-lasso", "oscar"}) {
            SparseRegression p = (SparseRegression) Catalog.problem("sparse-regression", new Options(Map.of("penalty", pen)), 2);
            double xs = p.solutionX().toArray()[0], fs = p.exactOuter(Vec.of(xs));
            for (double t = -8; t <= 3; t += 0.01) assertTrue(p.exactOuter(Vec.of(t)) >= fs - 1e-12, pen + " at " + t);
            // the smoothed inner gradient at the exact inner solution vanishes on the support as μ → 0
            p.setMu(1e-9);
            double[] w = p.innerSolution(Vec.of(xs)).toArray(), g = p.innerGradY(Vec.of(xs), Vec.of(w)).toArray();
            for (int i = 0; i < w.length; i++) if (w[i] != 0) assertEquals(0, g[i], 1e-6, pen + " stationarity at coordinate " + i);
        }
    }

    @Test void labeledDataPlugsIn() {
        float[] xf = {1, 0, 0, 1, 1, 1};
        var train = org.bilevel4j.data.LabeledData.regression(new org.bilevel4j.data.DenseMatrix(3, 2, xf), new double[] {1, 2, 4});
        var val = org.bilevel4j.data.LabeledData.regression(new org.bilevel4j.data.DenseMatrix(1, 2, new float[] {2, 1}), new double[] {0});
        LeastSquares ls = LeastSquares.of(train, val, 0.5);
        Vec w = Vec.of(1, -1);
        // residuals Xw − y = (0, −3, −4);  inner gradient 0.5 Xᵀr = 0.5 (−4, −7);  outer: r = 1, gradient (2, 1)
        assertEquals(0, Vec.distance(ls.innerGradY(Vec.zeros(0), w), Vec.of(-2, -3.5)), 1e-12);
        assertEquals(0.25 * 25, ls.innerValue(Vec.zeros(0), w), 1e-12);
        assertEquals(0, Vec.distance(ls.outerGradY(Vec.zeros(0), w), Vec.of(2, 1)), 1e-12);
        // a mini-batch view rescales the inner sum: rows {1, 2} count 3/2 times
        var view = ls.batch(new int[] {0}, new int[] {1, 2});
        assertEquals(0.5 * 1.5 * 0.5 * 25, view.innerValue(Vec.zeros(0), w), 1e-12);
        assertEquals(0, Vec.distance(view.innerHvpYY(Vec.zeros(0), w, Vec.of(1, 0)), Vec.of(0.75 * 1, 0.75 * 1)), 1e-12);
    }

    @Test void unknownOptionsAndBadDesignsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Catalog.problem("sparse-regression", new Options(Map.of("penalty", "l7")), 1));
        assertThrows(IllegalArgumentException.class, () -> new OrthogonalDesign(10, 5, 10, 2, 0.5, 0.5, 1));
    }
}
