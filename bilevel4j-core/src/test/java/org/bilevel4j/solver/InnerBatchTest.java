package org.bilevel4j.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bilevel4j.Catalog;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.OracleCounts;
import org.bilevel4j.solver.hypergrad.HypergradientDescent;
import org.bilevel4j.solver.hypergrad.InnerBatches;
import org.bilevel4j.solver.hypergrad.InnerGradientDescent;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** {@code innerBatch=B}: mini-batch SGD inner steps of the hypergradient solvers (epochs, checkpoints, the exact gradient of the SGD trajectory). */
class InnerBatchTest {
    /** Fingerprints of x / y after 5 iterations, recorded with the code before innerBatch existed (FullBatchFingerprint). */
    static final Map<String, String> BEFORE = Map.of(
            "rhg", "dbd2a26e/d5051385", "trhg", "f7555abf/d3a3d0af", "fo-itd", "16b415a1/f9284690", "one-step", "c26af83f/57241379",
            "aid-cg", "c5680a68/13c3fdc3", "aid-neumann", "8fa89bfa/35b9c84", "aid-fp", "dc6a767/ebd9cab1");

    @Test void fullBatchReproducesTheRunsOfBeforeBitForBit() {
        int n = quadratic().innerSamples();
        for (String s : FullBatchFingerprint.RUNS.keySet()) {
            assertEquals(BEFORE.get(s), FullBatchFingerprint.of(s, "quadratic", Map.of()), s + " default");
            assertEquals(BEFORE.get(s), FullBatchFingerprint.of(s, "quadratic", Map.of("innerBatch", "full")), s + " innerBatch=full");
            assertEquals(BEFORE.get(s), FullBatchFingerprint.of(s, "quadratic", Map.of("innerBatch", "" + n)), s + " innerBatch=n");
            assertNotEquals(BEFORE.get(s), FullBatchFingerprint.of(s, "quadratic", Map.of("innerBatch", "8")), s + " innerBatch=8 differs");
        }
    }

    @Test void eachSampleOncePerEpoch() {
        InnerBatches b = new InnerBatches(10, 3, 42);
        int[][] first = new int[4][], second = new int[4][];
        for (int e = 0; e < 2; e++) {
            Set<Integer> seen = new HashSet<>();
            int[] sizes = new int[4];
            for (int k = 0; k < 4; k++) {
                int[] idx = b.next();
                (e == 0 ? first : second)[k] = idx;
                sizes[k] = idx.length;
                for (int i : idx) assertTrue(seen.add(i), "sample " + i + " twice in epoch " + e);
            }
            assertEquals(10, seen.size());
            assertArrayEquals(new int[] {3, 3, 3, 1}, sizes);
            assertEquals(e + 1, b.epochs());
        }
        assertFalse(Arrays.deepEquals(first, second), "each epoch draws a new permutation");
    }

    @Test void samplerResumesBitExactAtEveryPosition() {
        for (int cut = 0; cut < 9; cut++) {
            InnerBatches a = new InnerBatches(10, 4, 7);
            for (int k = 0; k < cut; k++) a.next();
            HypergradientDescent.State sa = stateWith(a), sb = stateWith(new InnerBatches(10, 4, 7));
            Snapshot snap = new Snapshot();
            sa.save(snap);
            sb.restore(snap);
            for (int k = 0; k < 12; k++) assertArrayEquals(a.next(), sb.innerBatches.next(), "cut " + cut + ", batch " + k);
        }
    }

    private static HypergradientDescent.State stateWith(InnerBatches b) {
        BilevelProblem p = quadratic();
        HypergradientDescent.State s = new HypergradientDescent.State(p, p.initialX(), p.initialY(), 1);
        s.innerBatches = b;
        return s;
    }

    /** One epoch per outer iteration (innerSteps = ceil(n/B)): the inner gradients read exactly n samples per iteration. */
    @Test void oneInnerEpochReadsEachSampleOnce() {
        BilevelProblem q = quadratic();
        int n = q.innerSamples(), b = 10, steps = (n + b - 1) / b;
        for (String s : new String[] {"aid-cg", "trhg", "one-step"}) {
            Map<String, String> o = Map.of("innerBatch", "" + b, "innerSteps", "" + steps, "innerStep", "0.01", "outerStep", "0.05");
            OracleCounts c = Runner.run(Catalog.solver(s, q, new Options(o), 1), q, q.initialX(), q.initialY(), StopRule.iterations(3)).oracles();
            assertEquals(3L * n, c.samples(Oracle.innerGradY), s);
            assertEquals(3L * steps, c.get(Oracle.innerGradY), s);
        }
        // innerEpochs=2: two passes per outer iteration
        Map<String, String> o = Map.of("innerBatch", "" + b, "innerEpochs", "2", "innerStep", "0.01", "outerStep", "0.05");
        OracleCounts c = Runner.run(Catalog.solver("aid-neumann", q, new Options(o), 1), q, q.initialX(), q.initialY(), StopRule.iterations(3)).oracles();
        assertEquals(3L * 2 * n, c.samples(Oracle.innerGradY));
        assertEquals(3L * 2 * steps, c.get(Oracle.innerGradY));
    }

    /**
     * rhg with mini-batches returns the exact gradient of x ↦ F(x, y_T(x)) where y_T is the mini-batch SGD trajectory
     * over the batches its sampler draws (central differences; the quadratic's y_T is affine in x, so they are exact
     * up to rounding).
     */
    @Test void reverseModeDifferentiatesTheMiniBatchTrajectory() {
        BilevelProblem q = quadratic();
        int t = 7, b = 10;
        double step = 0.01;
        Map<String, String> o = Map.of("innerBatch", "" + b, "innerSteps", "" + t, "innerStep", "" + step);
        HypergradientDescent solver = (HypergradientDescent) Catalog.solver("rhg", q, new Options(o), 5);
        Vec x = Vec.constant(q.dimX(), 0.3), y0 = q.initialY().copy().axpy(0.1, Vec.constant(q.dimY(), 1));
        HypergradientDescent.State st = solver.init(new CountingProblem(q), x, y0.copy());
        solver.step(st);
        Vec fd = FiniteDifferences.gradient(z -> {
            Vec y = y0.copy();
            InnerGradientDescent.run(q, new InnerBatches(q.innerSamples(), b, ~5L), z, y, t, step); // the solver's sampler seed is ~seed
            return q.outerValue(z, y);
        }, x, 1e-3);
        assertTrue(FiniteDifferences.relativeError(st.hypergradient, fd) < 1e-7, "relative error " + FiniteDifferences.relativeError(st.hypergradient, fd));
        // and it is not the full-batch trajectory's gradient
        Vec full = FiniteDifferences.gradient(z -> q.outerValue(z, InnerGradientDescent.run(q, z, y0.copy(), t, step)), x, 1e-3);
        assertTrue(FiniteDifferences.relativeError(st.hypergradient, full) > 1e-4);
    }

    @Test void badInnerBatchIsAClearError() {
        BilevelProblem q = quadratic();
        for (String v : new String[] {"0", "-3", "abc", "1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Catalog.solver("aid-cg", q, new Options(Map.of("innerBatch", v)), 1));
            assertTrue(e.getMessage().contains("innerBatch=" + v), e.getMessage());
        }
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> Catalog.solver("trhg", q, new Options(Map.of("innerBatch", "8", "innerEpochs", "1", "innerSteps", "3")), 1));
        assertTrue(both.getMessage().contains("innerSteps or innerEpochs"), both.getMessage());
        // solvers whose inner loop has no mini-batch form do not read it: an unused option is the usual error
        Options o = new Options(Map.of("innerBatch", "4"));
        Catalog.solver("fhg", q, o, 1);
        assertThrows(IllegalArgumentException.class, () -> o.requireAllUsed("solver fhg"));
    }

    static BilevelProblem quadratic() { return Catalog.problem("quadratic", new Options(new LinkedHashMap<>()), 3); }
}
