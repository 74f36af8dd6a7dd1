package org.bilevel4j.solver.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problems.sparse.SparseRegression;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.TraceRow;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class RandomSearchTest {
    static SparseRegression problem(String penalty) {
        return (SparseRegression) Catalog.problem("sparse-regression", new Options(Map.of("penalty", penalty)), 2);
    }

    @Test void keepsTheBestDrawWhichBeatsTheWorst() {
        SparseRegression p = problem("l1");
        RunResult r = Runner.run(Catalog.solver("random-search", p, new Options(Map.of("draws", "15")), 4), p, p.initialX(), p.initialY(),
                StopRule.iterations(20));
        double min = Double.POSITIVE_INFINITY, worst = Double.NEGATIVE_INFINITY;
        for (TraceRow row : r.trace().rows()) {
            Double f = row.extras().get("drawOuter");
            if (f != null && row.iteration() <= 15) { min = Math.min(min, f); worst = Math.max(worst, f); }
        }
        Map<String, Double> e = r.finalRow().extras();
        assertEquals(15.0, e.get("draws"));
        assertEquals("finished", r.status(), "the run stops after its last draw");
        assertEquals(15, r.iterations());
        // a huge iteration limit ends at the last draw too, not after 10⁹ empty steps
        RunResult big = Runner.run(Catalog.solver("random-search", p, new Options(Map.of("draws", "3")), 4), p, p.initialX(), p.initialY(),
                StopRule.iterations(1_000_000_000).withMaxSeconds(60));
        assertEquals("finished", big.status());
        assertEquals(3, big.iterations());
        assertTrue(e.get("bestOuter") < e.get("worstOuter"), "best " + e.get("bestOuter") + " vs worst " + e.get("worstOuter"));
        assertEquals(min, e.get("bestOuter"), 0, "the best of the drawn values is kept");
        assertEquals(worst, e.get("worstOuter"), 0);
        assertEquals(e.get("bestOuter"), p.outerValue(r.x(), r.y()), 1e-12, "the reported (x, y) is the best draw");
        assertEquals(1e-3, p.mu(), 0, "the smoothing parameter is restored after each inner solve");
    }

    @Test void findsTheExactOptimumOfTheOrthogonalDesignWithEnoughDraws() {
        for (String penalty : new String[] {"l1", "lp"}) {
            SparseRegression p = problem(penalty);
            RunResult r = Runner.run(Catalog.solver("random-search", p, new Options(Map.of("draws", "300")), 1), p, p.initialX(), p.initialY(),
                    StopRule.iterations(300).withTraceEvery(300));
            double x = r.x().toArray()[0], xStar = p.solutionX().toArray()[0];
            double gap = p.exactOuter(r.x()) - p.exactOuter(p.solutionX());
            System.out.printf("random search %s: x = %.4f, x* = %.4f, F(w*(x)) - F* = %.2e, |w - w*(x)| = %.2e%n", penalty, x, xStar, gap,
                    Vec.distance(r.y(), p.innerSolution(r.x())));
            assertEquals(xStar, x, 0.15 * (1 + Math.abs(xStar)), penalty + ": log-weight");
            assertTrue(gap < 0.02, penalty + ": exact outer gap " + gap);
            // 100 sub-gradient steps of 0.1/sqrt(t+1) from the least-squares solution: close to, not at, the exact prox
            assertTrue(Vec.distance(r.y(), p.innerSolution(r.x())) < 0.15, penalty + ": the sub-gradient inner solve nears the exact prox");
        }
    }

    @Test void drawsStayInsideTheRangeAndTheBox() {
        var poison = Catalog.problem("poison", new Options(Map.of("dataset", "synthetic", "trainSize", "30", "valSize", "20", "testSize", "20",
                "features", "3", "classes", "3", "poisonPoints", "2")), 1);
        RandomSearch rs = (RandomSearch) Catalog.solver("random-search", poison, new Options(Map.of("innerSteps", "5")), 1);
        var rng = new java.util.SplittableRandom(3);
        for (int k = 0; k < 50; k++) assertTrue(poison.bounds().contains(rs.draw(poison, rng)));
        SparseRegression p = problem("l1");
        RandomSearch wide = (RandomSearch) Catalog.solver("random-search", p, new Options(Map.of("lo", "-2", "hi", "1")), 1);
        double lo = 1, hi = -2;
        for (int k = 0; k < 500; k++) { double t = wide.draw(p, rng).toArray()[0]; lo = Math.min(lo, t); hi = Math.max(hi, t); }
        assertTrue(lo >= -2 && hi <= 1 && lo < -1.9 && hi > 0.9, "uniform on [-2, 1]: range seen " + lo + ".." + hi);
    }
}
