package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.data.MnistLike;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** hyperclean on MNIST (fetched under CI or BILEVEL4J_FETCH=1, else skipped): the three settings' data, and short runs. */
class MnistHyperCleaningTest {
    static MnistLike.TrainTest raw;

    @BeforeAll static void load() throws IOException { raw = MnistLike.load(RealData.require("mnist")); }

    static MnistCleaning.Spec spec(HyperCleaning.Setting s, int train, int val, int test, LabelNoise.Mode mode) {
        return new MnistCleaning.Spec("mnist", s, train, val, test, 0.5, mode, s.bias, s.reg, true, 100, 1, 3);
    }

    static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) if (v) c++;
        return c;
    }

    static int[] classCounts(LabeledData d) {
        int[] c = new int[d.numClasses()];
        for (int l : d.labels()) c[l]++;
        return c;
    }

    @Test void splitsCorruptionAndStandardization() {
        // benchopt: 20000 / 5000 of the training images, the 10000 test images, half the labels redrawn from all 10 classes
        MnistCleaning.Parts b = MnistCleaning.parts(raw, spec(HyperCleaning.Setting.benchopt, 20000, 5000, 10000, LabelNoise.Mode.ANY));
        assertEquals(20000, b.train().size());
        assertEquals(5000, b.val().size());
        assertEquals(10000, b.test().size());
        int changed = count(b.corrupted());
        assertTrue(changed <= 10000 && Math.abs(changed - 9000) < 200, "a redrawn label changes with probability 9/10: " + changed);
        // standardized on the training part: its columns have mean 0 and (non-constant ones) variance 1
        float[] v = ((DenseMatrix) b.train().x()).values();
        int d = b.train().x().cols(), unit = 0;
        double worstMean = 0;
        for (int j = 0; j < d; j++) {
            double sum = 0, sq = 0;
            for (int i = 0; i < 20000; i++) sum += v[i * d + j];
            for (int i = 0; i < 20000; i++) sq += (v[i * d + j] - sum / 20000) * (v[i * d + j] - sum / 20000);
            worstMean = Math.max(worstMean, Math.abs(sum / 20000));
            if (Math.abs(sq / 20000 - 1) < 1e-3) unit++;
        }
        assertTrue(worstMean < 1e-4, "largest column mean " + worstMean);
        assertTrue(unit > 600, unit + " unit-variance columns of 784 (the rest are constant border pixels)");
        // stocbio: same sizes, every corrupted label changed
        MnistCleaning.Parts s = MnistCleaning.parts(raw, spec(HyperCleaning.Setting.stocbio, 20000, 5000, 10000, LabelNoise.Mode.DIFFERENT));
        assertEquals(10000, count(s.corrupted()));
        // bvfim: 5000 / 5000 class-balanced
        MnistCleaning.Parts f = MnistCleaning.parts(raw, spec(HyperCleaning.Setting.bvfim, 5000, 5000, 10000, LabelNoise.Mode.DIFFERENT));
        assertEquals(5000, f.train().size());
        assertEquals(2500, count(f.corrupted()));
        for (int c : classCounts(f.val())) assertEquals(500, c);
        assertThrows(IllegalArgumentException.class, () -> MnistCleaning.parts(raw, spec(HyperCleaning.Setting.benchopt, 50000, 20000, 10000, LabelNoise.Mode.ANY)));
        assertThrows(IllegalArgumentException.class, () -> MnistCleaning.parts(raw, spec(HyperCleaning.Setting.benchopt, 100, 100, 10001, LabelNoise.Mode.ANY)));
    }

    /** Small versions of the benchopt and stocbio settings: the oracle reference beats the uniform one, and aid-cg (default steps) beats uniform. */
    @Test void aidCgCleansSmallBenchoptAndStocbio() {
        for (String setting : new String[] {"benchopt", "stocbio"}) {
            Map<String, String> given = new LinkedHashMap<>(Map.of("dataset", "mnist", "setting", setting, "trainSize", "1000", "valSize", "1000",
                    "testSize", "1000", "referenceIterations", "100"));
            Options po = new Options(given);
            HyperCleaning p = (HyperCleaning) Catalog.problem("hyperclean", po, 5);
            po.requireAllUsed("hyperclean");
            assertSame(p, Catalog.problem("hyperclean", new Options(given), 5), "built once per JVM");
            assertEquals(setting.equals("stocbio") ? 7850 : 7840, p.dimY());
            Map<String, Double> ref = p.references();
            assertTrue(ref.get("referenceOracle") > ref.get("referenceUniform") + 0.02, setting + ": " + ref);
            RunResult r = Runner.run(Catalog.solver("aid-cg", p, new Options(Map.of("innerSteps", "10", "linearSteps", "10")), 5), p,
                    p.initialX(), p.initialY(), StopRule.iterations(6).withTraceEvery(6));
            Map<String, Double> m = r.finalRow().metrics();
            System.out.println(setting + " (train 1000): " + m + " in " + r.wallSeconds() + " s");
            assertTrue(m.get("testAccuracy") > ref.get("referenceUniform"), setting + ": " + m);
            assertTrue(m.get("f1") > 0.6, setting + ": " + m);
        }
    }

    @Test void fashionMnistBuilds() throws IOException {
        RealData.require("fashion-mnist");
        Options o = new Options(Map.of("dataset", "fashion-mnist", "setting", "bvfim", "trainSize", "500", "valSize", "500", "testSize", "500"));
        HyperCleaning p = (HyperCleaning) Catalog.problem("hyperclean", o, 0);
        o.requireAllUsed("hyperclean");
        assertEquals(500, p.dimX());
        assertEquals(7850, p.dimY());
        assertEquals(250, count(p.corrupted()));
        assertEquals(1.0 / 500, p.hypergradLipschitz(), 1e-15);
    }

    /** split=benchopt: benchopt's exact parts (numpy draws checked in NumpyRandomStateTest) on the raw MNIST training images. */
    @Test void benchoptSplitTakesBenchoptsRows() {
        MnistCleaning.Spec base = spec(HyperCleaning.Setting.benchopt, 20000, 5000, 10000, LabelNoise.Mode.ANY);
        MnistCleaning.Spec exact = new MnistCleaning.Spec(base.dataset(), base.setting(), 20000, 5000, 10000, 0.5, LabelNoise.Mode.ANY, base.bias(),
                base.reg(), false, 100, 1, 3, MnistCleaning.Split.benchopt(32));
        MnistCleaning.Parts b = MnistCleaning.parts(raw, exact);
        float[] all = ((DenseMatrix) raw.train().x()).values(), tr = ((DenseMatrix) b.train().x()).values(), va = ((DenseMatrix) b.val().x()).values();
        int d = raw.train().x().cols();
        // numpy's RandomState(32).permutation(60000) starts 9963, ..., its entry 5000 is 57940: validation row 0, train row 0
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 9963 * d, 9964 * d), java.util.Arrays.copyOfRange(va, 0, d));
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 57940 * d, 57941 * d), java.util.Arrays.copyOfRange(tr, 0, d));
        // sample 0 is corrupted to numpy's first randint (9); sample 1 is clean
        assertEquals(9, b.train().labels()[0]);
        assertEquals(raw.train().labels()[57940] != 9, b.corrupted()[0]);
        assertFalse(b.corrupted()[1]);
        int changed = count(b.corrupted());
        // 10045 labels redrawn, 9036 of them changed: numpy's own draws on the same files (src/test/python/benchopt_references.py)
        assertEquals(9036, changed, "labels changed by benchopt's redraw");
        // the seed of the run does not move benchopt's split; another numpy state does
        MnistCleaning.Parts same = MnistCleaning.parts(raw, new MnistCleaning.Spec(base.dataset(), base.setting(), 20000, 5000, 10000, 0.5, LabelNoise.Mode.ANY,
                base.bias(), base.reg(), false, 100, 1, 7, MnistCleaning.Split.benchopt(32)));
        assertArrayEquals(b.train().labels(), same.train().labels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalog.problem("hyperclean",
                new Options(Map.of("dataset", "mnist", "split", "benchopt", "noise", "different")), 0));
        assertTrue(e.getMessage().contains("noise=any"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Catalog.problem("hyperclean", new Options(Map.of("dataset", "mnist", "randomState", "3")), 0));
        assertTrue(e.getMessage().contains("split=benchopt"), e.getMessage());
    }

    @Test void optionsThatDoNotApplyAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Catalog.problem("hyperclean", new Options(Map.of("dataset", "mnist", "features", "10")), 0));
        assertTrue(e.getMessage().contains("synthetic"), e.getMessage());
    }
}
