package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** weightdecay on the spam tf-idf features (fetched under CI or BILEVEL4J_FETCH=1, else skipped). */
class SpamWeightDecayTest {
    @BeforeAll static void fetched() throws IOException { RealData.require("spam"); }

    @Test void partsAndShapes() {
        List<LabeledData> parts = SpamDecay.parts(0.2, 5, 0);
        int n = 6046, test = 1209, train = (n - test) / 2;
        assertEquals(train, parts.get(0).size());
        assertEquals(n - test - train, parts.get(1).size());
        assertEquals(test, parts.get(2).size());
        int vocabulary = parts.get(0).x().cols();
        for (LabeledData p : parts) {
            assertInstanceOf(CsrMatrix.class, p.x());
            assertEquals(vocabulary, p.x().cols());
            assertEquals(2, p.numClasses());
        }
        // every training row is l2-normalised (tf-idf fitted on the training part; no empty training row)
        CsrMatrix x = (CsrMatrix) parts.get(0).x();
        for (int i = 0; i < x.rows(); i++) {
            double s = 0;
            for (int k = x.rowPtr()[i]; k < x.rowPtr()[i + 1]; k++) s += x.values()[k] * x.values()[k];
            assertEquals(1, s, 1e-5, "row " + i);
        }
        Options o = new Options(Map.of("dataset", "spam"));
        WeightDecay p = (WeightDecay) Catalog.problem("weightdecay", o, 0);
        o.requireAllUsed("weightdecay");
        assertEquals(vocabulary, p.dimX()); // one decay per feature
        assertEquals(vocabulary, p.dimY()); // binary: one output, no bias
        assertEquals(train, p.innerSamples());
        assertEquals(n - test - train, p.outerSamples());
    }

    /**
     * A short aid-cg run with the recommended outer rule (Adam, step 1 on the log-decays) ends with a lower validation
     * loss than the same inner training at the initial decay.
     */
    @Test void aidCgLowersTheValidationLoss() {
        WeightDecay p = (WeightDecay) Catalog.problem("weightdecay", new Options(Map.of("dataset", "spam")), 0);
        Map<String, String> so = Map.of("innerSteps", "20", "linearSteps", "10", "outerRule", "adam", "outerStep", "1");
        RunResult r = Runner.run(Catalog.solver("aid-cg", p, new Options(so), 0), p, p.initialX(), p.initialY(), StopRule.iterations(10).withTraceEvery(5));
        // the same inner steps with x held at x0 (a negligible outer step)
        RunResult fixed = Runner.run(Catalog.solver("aid-cg", p, new Options(Map.of("innerSteps", "20", "linearSteps", "10", "outerStep", "1e-12")), 0),
                p, p.initialX(), p.initialY(), StopRule.iterations(10).withTraceEvery(10));
        double tuned = r.finalRow().metrics().get("validationLoss"), base = fixed.finalRow().metrics().get("validationLoss");
        System.out.println("spam weightdecay: validation loss " + base + " at x0, " + tuned + " after 10 aid-cg steps; " + r.finalRow().metrics());
        assertTrue(tuned < base - 0.05, tuned + " vs " + base);
    }
}
