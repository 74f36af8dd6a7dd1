package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.model.SimdSupport;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** precision=float on the dense tasks besides hyperclean (weightdecay synthetic, reweight): the oracles agree with double. */
class FloatPrecisionTasksTest {
    @Test void floatOraclesAgreeWithDouble() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        for (String task : new String[] {"weightdecay", "reweight"}) {
            Map<String, String> o = new HashMap<>(task.equals("weightdecay") ? Map.of("samples", "600", "features", "40") : Map.of());
            BilevelProblem dbl = Catalog.problem(task, new Options(o), 1);
            o.put("precision", "float");
            BilevelProblem flt = Catalog.problem(task, new Options(o), 1);
            if (task.equals("weightdecay")) assertTrue(((WeightDecay) flt).kernel().contains("float32"), ((WeightDecay) flt).kernel());
            Vec x = dbl.initialX(), y = Vec.of(HyperCleaningTest.rand(dbl.dimY(), 0.5, 2)), v = Vec.of(HyperCleaningTest.rand(dbl.dimY(), 1, 3));
            assertEquals(dbl.innerValue(x, y), flt.innerValue(x, y), 2e-5 * Math.abs(dbl.innerValue(x, y)), task);
            close(task + " inner y-gradient", dbl.innerGradY(x, y), flt.innerGradY(x, y));
            close(task + " inner x-gradient", dbl.innerGradX(x, y), flt.innerGradX(x, y));
            close(task + " outer y-gradient", dbl.outerGradY(x, y), flt.outerGradY(x, y));
            close(task + " inner HVP", dbl.innerHvpYY(x, y, v), flt.innerHvpYY(x, y, v));
        }
    }

    private static void close(String what, Vec a, Vec b) {
        double e = Vec.distance(a, b) / Math.max(a.norm(), 1e-300);
        assertTrue(e < 2e-5, what + ": relative difference " + e);
    }
}
