package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.model.SimdSupport;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.tasks.nonsmooth.Poison;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * The dense tasks besides hyperclean (weightdecay synthetic, reweight, poison) compute in float32 by default: their
 * oracles agree with {@code precision=double} to the float kernel's tolerance, and a short AID-CG run (poison: the model
 * trained at the start x0) reaches the same test accuracy. A lost tile, tail or flush in the float path would show as an error of order one.
 */
class FloatPrecisionTasksTest {
    static final String[] TASKS = {"weightdecay", "reweight", "poison"};

    /** Small options of the task (poison on its synthetic data: nothing to download). */
    static Map<String, String> options(String task) {
        return new HashMap<>(switch (task) {
            case "weightdecay" -> Map.of("samples", "600", "features", "40");
            case "poison" -> Map.of("dataset", "synthetic", "features", "40", "poisonPoints", "5");
            default -> Map.of();
        });
    }

    @Test void floatIsTheDefaultAndItsOraclesAgreeWithDouble() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        for (String task : TASKS) {
            Map<String, String> o = options(task);
            BilevelProblem flt = Catalog.problem(task, new Options(o), 1); // the default
            o.put("precision", "double");
            BilevelProblem dbl = Catalog.problem(task, new Options(o), 1);
            if (flt instanceof WeightDecay w) assertTrue(w.kernel().contains("float32"), w.kernel());
            if (flt instanceof Poison p) assertTrue(p.kernel().contains("float32"), p.kernel());
            if (dbl instanceof Poison p) assertFalse(p.kernel().contains("float32"), p.kernel());
            Vec x = dbl.initialX(), y = Vec.of(HyperCleaningTest.rand(dbl.dimY(), 0.5, 2)), v = Vec.of(HyperCleaningTest.rand(dbl.dimY(), 1, 3));
            assertEquals(dbl.innerValue(x, y), flt.innerValue(x, y), 2e-5 * Math.abs(dbl.innerValue(x, y)), task);
            assertEquals(dbl.outerValue(x, y), flt.outerValue(x, y), 2e-5 * Math.abs(dbl.outerValue(x, y)), task);
            close(task + " inner y-gradient", dbl.innerGradY(x, y), flt.innerGradY(x, y));
            close(task + " inner x-gradient", dbl.innerGradX(x, y), flt.innerGradX(x, y));
            close(task + " outer y-gradient", dbl.outerGradY(x, y), flt.outerGradY(x, y));
            close(task + " inner HVP", dbl.innerHvpYY(x, y, v), flt.innerHvpYY(x, y, v));
            close(task + " inner cross product", dbl.innerCrossXY(x, y, v), flt.innerCrossXY(x, y, v));
        }
    }

    @Test void aShortRunReachesTheSameAccuracy() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        for (String task : TASKS) {
            double[] acc = new double[2];
            for (int k = 0; k < 2; k++) {
                Map<String, String> o = options(task);
                o.put("precision", k == 0 ? "float" : "double");
                BilevelProblem p = Catalog.problem(task, new Options(o), 1);
                if (task.equals("poison")) { // the attack's outer trajectory amplifies rounding: compare the model trained at x0
                    Vec x = p.initialX(), y = p.initialY();
                    for (int t = 0; t < 300; t++) y.axpy(-0.05, p.innerGradY(x, y));
                    acc[k] = p.metrics(x, y).get("testAccuracy");
                    continue;
                }
                RunResult r = Runner.run(Catalog.solver("aid-cg", p, new Options(Map.of("innerSteps", "10", "linearSteps", "10")), 1), p,
                        p.initialX(), p.initialY(), StopRule.iterations(5).withTraceEvery(5));
                acc[k] = r.finalRow().metrics().get("testAccuracy");
            }
            assertEquals(acc[1], acc[0], 0.005, task + ": test accuracy, float " + acc[0] + " against double " + acc[1]);
        }
    }

    private static void close(String what, Vec a, Vec b) {
        double e = Vec.distance(a, b) / Math.max(a.norm(), 1e-300);
        assertTrue(e < 2e-5, what + ": relative difference " + e);
    }
}
