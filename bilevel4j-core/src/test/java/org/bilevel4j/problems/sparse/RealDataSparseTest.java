package org.bilevel4j.problems.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.Datasets;
import org.bilevel4j.solver.Options;
import org.bilevel4j.testing.OracleChecks;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class RealDataSparseTest {
    @Test void orthogonalDesignStillReportsItsExactSolution() {
        SparseRegression p = (SparseRegression) Catalog.problem("sparse-regression", new Options(Map.of("design", "orthogonal")), 1);
        assertTrue(Double.isFinite(p.distanceToSolution(p.initialX())));
        assertTrue(p.metrics(p.initialX(), p.initialY()).containsKey("nonZeros"));
    }

    @Test void diabetesAndBreastCancerAreStandardizedLeastSquares() {
        Assumptions.assumeTrue(Datasets.isFetched("sklearn"), "sklearn not fetched: run ./bilevel data fetch sklearn");
        for (String set : new String[] {"diabetes", "breast-cancer"}) {
            SparseRegression p = (SparseRegression) Catalog.problem("sparse-regression", new Options(Map.of("dataset", set, "penalty", "l1")), 3);
            assertEquals(set.equals("diabetes") ? 10 : 30, p.dimY());
            assertNull(p.solutionX(), "no exact reference on real data");
            Vec x = Vec.of(-3.0), w = Vec.zeros(p.dimY());
            Map<String, Double> m = p.metrics(x, w);
            // at w = 0 the test MSE is the test variance of the target in training-standard-deviation units, near 1
            assertTrue(m.get("testMse") > 0.5 && m.get("testMse") < 2, set + ": test MSE at w = 0 is " + m.get("testMse"));
            assertEquals(0.0, m.get("nonZeros"));
            // the centred target: the inner gradient at w = 0 is -Xᵀy/n, the outer value 1/2 the validation mean square
            p.setMu(0.1);
            OracleChecks.checkAll(p, x, Vec.constant(p.dimY(), 0.1), Vec.of(0.7), Vec.constant(p.dimY(), 0.3), 1e-5, 1e-6);
        }
    }
}
