package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.MnistLike;
import org.bilevel4j.model.Precision;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * 8-bit pixels on (Fashion-)MNIST hyper-cleaning (fetched under CI or BILEVEL4J_FETCH=1, else skipped): the oracles of
 * the byte kernel agree with double as closely as the float kernel's, and a short run reaches the same accuracy.
 */
class MnistByteFeaturesTest {
    @Test void oraclesAgreeWithDoubleAsTheFloatKernelDoes() throws IOException {
        for (String dataset : new String[] {"mnist", "fashion-mnist"}) {
            MnistLike.TrainTest raw = MnistLike.load(RealData.require(dataset));
            MnistCleaning.Spec spec = new MnistCleaning.Spec(dataset, HyperCleaning.Setting.stocbio, 2000, 500, 500, 0.5, LabelNoise.Mode.DIFFERENT,
                    true, 0.001, true, 10, 1, 3);
            MnistCleaning.Parts parts = MnistCleaning.parts(raw, spec);
            assertNotNull(parts.bytes(), dataset + " pixels have an 8-bit form");
            HyperCleaning dbl = new HyperCleaning(parts.train(), parts.corrupted(), parts.val(), parts.test(), true, 0.001, 10);
            HyperCleaning flt = dbl.withPrecision(Precision.FLOAT);
            HyperCleaning byt = flt.withBytes(parts.bytes()[0], parts.bytes()[1], parts.bytes()[2]);
            assertTrue(byt.kernel().contains("8-bit"), byt.kernel());
            Vec x = Vec.of(HyperCleaningTest.rand(dbl.dimX(), 1, 1)), y = Vec.of(HyperCleaningTest.rand(dbl.dimY(), 0.05, 2));
            Vec v = Vec.of(HyperCleaningTest.rand(dbl.dimY(), 0.05, 3));
            double errFloat = 0, errBytes = 0;
            for (int k = 0; k < 5; k++) {
                Vec a = oracle(dbl, k, x, y, v), f = oracle(flt, k, x, y, v), b = oracle(byt, k, x, y, v);
                double ef = Vec.distance(f, a) / a.norm(), eb = Vec.distance(b, a) / a.norm();
                errFloat = Math.max(errFloat, ef);
                errBytes = Math.max(errBytes, eb);
                assertTrue(eb < 2e-5, dataset + " oracle " + k + ": relative error " + eb + " (float kernel " + ef + ")");
            }
            System.out.println(dataset + ": largest relative error against double, float " + errFloat + ", 8-bit " + errBytes);
        }
    }

    /** Oracle k of p as a vector: inner value, ∇_y G, ∇_x G, ∇²_yy G v, ∇_y F. */
    private static Vec oracle(HyperCleaning p, int k, Vec x, Vec y, Vec v) {
        return switch (k) {
            case 0 -> Vec.of(new double[] {p.innerValue(x, y)});
            case 1 -> p.innerGradY(x, y);
            case 2 -> p.innerGradX(x, y);
            case 3 -> p.innerHvpYY(x, y, v);
            default -> p.outerGradY(x, y);
        };
    }

    @Test void aShortRunReachesTheSameAccuracy() throws IOException {
        RealData.require("mnist");
        double[] acc = new double[2];
        for (int b = 0; b < 2; b++) {
            Map<String, String> given = new LinkedHashMap<>(Map.of("dataset", "mnist", "setting", "stocbio", "trainSize", "2000", "valSize", "1000",
                    "testSize", "2000", "referenceIterations", "50", "bytes", b == 0 ? "false" : "true"));
            Options po = new Options(given);
            HyperCleaning p = (HyperCleaning) Catalog.problem("hyperclean", po, 5);
            po.requireAllUsed("hyperclean");
            assertEquals(b == 1, p.kernel().contains("8-bit"), p.kernel());
            RunResult r = Runner.run(Catalog.solver("aid-cg", p, new Options(Map.of("innerSteps", "10", "linearSteps", "10")), 5), p,
                    p.initialX(), p.initialY(), StopRule.iterations(5).withTraceEvery(5));
            acc[b] = r.finalRow().metrics().get("testAccuracy");
        }
        System.out.println("test accuracy after 5 aid-cg iterations: float features " + acc[0] + ", 8-bit " + acc[1]);
        assertEquals(acc[0], acc[1], 0.005, "same accuracy to half a point");
    }
}
