package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.LibSvm;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.testing.OracleChecks;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weightdecay on the user's own LIBSVM files: parsing, dimensions, decay layouts, and the errors a user sees. */
class LibsvmDecayTest {
    @TempDir Path dir;

    /** rows samples of a k-class problem over d features (labels −1/+1 when k = 2, else 1..k), every third entry left out. */
    private Path write(String name, int rows, int d, int k, long seed) throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<String> lines = new ArrayList<>(List.of("# a comment line", ""));
        for (int i = 0; i < rows; i++) {
            int c = i % k;
            StringBuilder b = new StringBuilder(k == 2 ? (c == 0 ? "-1" : "+1") : Integer.toString(c + 1));
            for (int j = 1; j <= d; j++) if ((i + j) % 3 != 0) b.append(' ').append(j).append(':').append(String.format(java.util.Locale.ROOT, "%.4f", (j % k == c ? 1.5 : 0) + r.nextGaussian()));
            lines.add(b + (i == 0 ? " # trailing comment" : ""));
        }
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    private static BilevelProblem problem(Map<String, String> set) {
        Options o = new Options(set);
        BilevelProblem p = Catalog.problem("weightdecay", o, 3);
        o.requireAllUsed("weightdecay");
        return p;
    }

    @Test void readsABinaryFileWithItsDimensionsAndLabels() throws Exception {
        Path f = write("ijcnn-like.txt", 40, 6, 2, 1);
        LibSvm.Data d = LibSvm.read(f, 0);
        assertEquals(40, d.x().rows());
        assertEquals(6, d.x().cols());
        assertArrayEquals(new double[] {-1, 1}, LibSvm.classes(d));
        BilevelProblem p = problem(Map.of("dataset", "libsvm", "file", f.toString()));
        assertEquals(6, p.dimX(), "one decay per feature");
        assertEquals(6, p.dimY(), "binary: one output, no bias");
        assertEquals(20, p.innerSamples());
        assertEquals(20, p.outerSamples());
        BilevelProblem withVal = problem(Map.of("dataset", "libsvm", "file", f.toString(), "valFile", write("val.txt", 10, 6, 2, 2).toString(),
                "testFile", write("test.txt", 12, 5, 2, 3).toString()));
        assertEquals(40, withVal.innerSamples());
        assertEquals(10, withVal.outerSamples());
        assertTrue(withVal.metrics(withVal.initialX(), withVal.initialY()).containsKey("testAccuracy"));
    }

    @Test void multinomialDecaysPerFeatureParameterOrClassWithCorrectDerivatives() throws Exception {
        Path f = write("covtype-like.txt", 42, 5, 3, 4);
        int[][] expect = {{5, 15}, {15, 15}, {3, 15}}; // {dimX, dimY}: feature, parameter, class
        String[] per = {"feature", "parameter", "class"};
        for (int i = 0; i < per.length; i++) {
            // the exact derivatives, in double (the float32 default agrees with them to 2e-5: SparsePrecisionTasksTest)
            BilevelProblem p = problem(Map.of("dataset", "libsvm", "file", f.toString(), "decayPer", per[i], "precision", "double"));
            assertEquals(expect[i][0], p.dimX(), per[i]);
            assertEquals(expect[i][1], p.dimY(), per[i]);
            Vec x = Vec.of(HyperCleaningTest.rand(p.dimX(), 1, 1)), y = Vec.of(HyperCleaningTest.rand(p.dimY(), 1, 2));
            Vec u = Vec.of(HyperCleaningTest.rand(p.dimX(), 1, 3)), v = Vec.of(HyperCleaningTest.rand(p.dimY(), 1, 4));
            OracleChecks.checkAll(p, x, y, u, v, 1e-5, 1e-6);
        }
        // per parameter: ½ Σ e^{x_cj} w_cj², checked in closed form at one point
        BilevelProblem p = problem(Map.of("dataset", "libsvm", "file", f.toString(), "decayPer", "parameter"));
        Vec x = Vec.of(HyperCleaningTest.rand(15, 1, 5)), y = Vec.of(HyperCleaningTest.rand(15, 1, 6));
        double[] xa = x.toArray(), ya = y.toArray();
        double r = 0;
        for (int k = 0; k < 15; k++) r += 0.5 * Math.exp(xa[k]) * ya[k] * ya[k];
        assertEquals(r, p.innerValue(x, y) - p.innerValue(Vec.constant(15, -700), y), 1e-12);
    }

    @Test void badFilesAreUserErrorsNamingFileAndLine() throws Exception {
        Path missing = dir.resolve("nope.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", missing.toString())));
        assertTrue(e.getMessage().contains("nope.txt") && e.getMessage().contains("does not exist"), e.getMessage());
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, List.of("1 1:0.5 2:1", "-1 2:0.25", "1 3:x", "-1 1:1"));
        e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", bad.toString())));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("bad.txt"), e.getMessage());
        Files.write(bad, List.of("1 1:0.5 2:1", "-1 2:0.25 1:3"));
        e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", bad.toString())));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("increase"), e.getMessage());
        Files.write(bad, List.of("1 1:0.5 2:1", "1 2:0.25"));
        e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", bad.toString())));
        assertTrue(e.getMessage().contains("single label"), e.getMessage());
        Path train = write("t.txt", 20, 4, 2, 7), val = dir.resolve("v.txt");
        Files.write(val, List.of("1 1:1", "3 2:1"));
        e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", train.toString(), "valFile", val.toString())));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("label 3"), e.getMessage());
        Files.write(val, List.of("1 1:1", "-1 9:1"));
        e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", train.toString(), "valFile", val.toString())));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("> 4 features"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm")));
        assertTrue(e.getMessage().contains("file=PATH"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("file", train.toString())));
        assertTrue(e.getMessage().contains("dataset=libsvm only"), e.getMessage());
    }

    /** Column means and population standard deviations of the features, zeros included (the test's own sums). */
    private static double[][] moments(org.bilevel4j.data.Features f) {
        int n = f.rows(), d = f.cols();
        double[][] dense = new double[n][d];
        if (f instanceof org.bilevel4j.data.CsrMatrix m) {
            for (int i = 0; i < n; i++) for (int k = m.rowPtr()[i]; k < m.rowPtr()[i + 1]; k++) dense[i][m.colIdx()[k]] = m.values()[k];
        } else {
            float[] v = ((org.bilevel4j.data.DenseMatrix) f).values();
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) dense[i][j] = v[i * d + j];
        }
        double[] mean = new double[d], sd = new double[d];
        for (double[] row : dense) for (int j = 0; j < d; j++) mean[j] += row[j] / n;
        for (double[] row : dense) for (int j = 0; j < d; j++) sd[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
        for (int j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]);
        return new double[][] {mean, sd};
    }

    /**
     * A raw file (values up to about 3000, as covtype's elevation) is scaled by default: each feature divided by its
     * standard deviation on the training rows, with a notice naming the file and the widest feature; the loss at w is
     * then the unscaled loss at w / s. A file within [−1, 1] is left as read, silently. scale=standard centers too and
     * stores the rows dense.
     */
    @Test void rawFeaturesAreScaledByDefaultAndScaledFilesAreNot() throws Exception {
        Path raw = dir.resolve("raw.txt"), scaled = dir.resolve("scaled.txt");
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        List<String> rawLines = new ArrayList<>(), scaledLines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String label = i % 2 == 0 ? "-1" : "+1";
            rawLines.add(String.format(java.util.Locale.ROOT, "%s 1:%.3f 2:%.4f %s", label, 2000 + 1000 * r.nextDouble(), r.nextDouble() - 0.5,
                    i % 3 == 0 ? "3:1" : ""));
            scaledLines.add(String.format(java.util.Locale.ROOT, "%s 1:%.4f 2:%.4f", label, r.nextDouble(), r.nextDouble() - 0.5));
        }
        Files.write(raw, rawLines);
        Files.write(scaled, scaledLines);
        Path val = write("val-raw.txt", 10, 3, 2, 12);
        List<String> said = new ArrayList<>();
        var before = LibsvmDecay.notices;
        LibsvmDecay.notices = said::add;
        try {
            WeightDecay auto = (WeightDecay) problem(Map.of("dataset", "libsvm", "file", raw.toString(), "valFile", val.toString(), "precision", "double"));
            WeightDecay none = (WeightDecay) problem(Map.of("dataset", "libsvm", "file", raw.toString(), "valFile", val.toString(), "precision", "double", "scale", "none"));
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).contains("raw.txt") && said.get(0).contains("(feature 1)") && said.get(0).contains("scale=none"), said.get(0));
            double[] sd = moments(none.parts().train().x())[1];
            double[] autoSd = moments(auto.parts().train().x())[1];
            for (int j = 0; j < 3; j++) assertEquals(1, autoSd[j], 1e-5, "feature " + j + " has unit deviation");
            assertTrue(sd[0] > 200 && sd[2] < 1, java.util.Arrays.toString(sd));
            // G(x, w) of the scaled rows = G(x, w / s) of the raw rows, with the decays switched off (x = −700)
            Vec off = Vec.constant(3, -700), w = Vec.of(0.3, -1.2, 0.8), ws = Vec.of(0.3 / sd[0], -1.2 / sd[1], 0.8 / sd[2]);
            assertEquals(none.innerValue(off, ws), auto.innerValue(off, w), 1e-6);
            assertEquals(none.outerValue(off, ws), auto.outerValue(off, w), 1e-6, "the validation rows take the training scales");
            assertNotEquals(none.innerValue(off, w), auto.innerValue(off, w), 1e-3);

            said.clear();
            WeightDecay asRead = (WeightDecay) problem(Map.of("dataset", "libsvm", "file", scaled.toString(), "precision", "double"));
            WeightDecay noneScaled = (WeightDecay) problem(Map.of("dataset", "libsvm", "file", scaled.toString(), "precision", "double", "scale", "none"));
            assertEquals(List.of(), said, "a file within [-1, 1] is not scaled");
            assertEquals(noneScaled.innerValue(Vec.constant(2, -700), Vec.of(0.5, 2)), asRead.innerValue(Vec.constant(2, -700), Vec.of(0.5, 2)), 0);

            WeightDecay std = (WeightDecay) problem(Map.of("dataset", "libsvm", "file", scaled.toString(), "precision", "double", "scale", "std"));
            assertTrue(std.parts().train().x() instanceof org.bilevel4j.data.CsrMatrix, "std keeps the zeros");
            WeightDecay standard = (WeightDecay) problem(Map.of("dataset", "libsvm", "file", raw.toString(), "valFile", val.toString(), "scale", "standard"));
            assertTrue(standard.parts().train().x() instanceof org.bilevel4j.data.DenseMatrix);
            double[][] m = moments(standard.parts().train().x());
            for (int j = 0; j < 3; j++) {
                assertEquals(0, m[0][j], 1e-5, "feature " + j + " centered");
                assertEquals(1, m[1][j], 1e-5, "feature " + j + " unit deviation");
            }
            assertEquals(List.of(), said, "only auto tells");
        } finally {
            LibsvmDecay.notices = before;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", scaled.toString(),
                "libsvmFeatures", "1500000000", "scale", "standard")));
        assertTrue(e.getMessage().contains("dense") && e.getMessage().contains("scale=std") && e.getMessage().contains("-Xmx"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("scale", "std")));
        assertTrue(e.getMessage().contains("dataset=libsvm only"), e.getMessage());
    }

    /**
     * The layout key is decayPer, not decay: decay is a solver option of penalty (a factor) and bvfim (a schedule), and
     * problem and solver read one option map, so decay=class made both fail with "not a number". The old key names the new.
     */
    /** Real-valued labels are regression targets, not hundreds of classes: an error that names sparse-regression. */
    @Test void regressionTargetsAreRefusedWithTheProblemThatTakesThem() throws Exception {
        Path f = dir.resolve("targets.txt");
        Files.write(f, List.of("1.5 1:0.2 2:1", "-0.25 1:1", "3 2:0.5", "0.75 1:-1 2:2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", f.toString())));
        assertTrue(e.getMessage().contains("label -0.25") && e.getMessage().contains("--problem sparse-regression --set dataset=libsvm"), e.getMessage());
        // integer labels stay classes
        Path g = dir.resolve("classes.txt");
        Files.write(g, List.of("1 1:0.2 2:1", "2 1:1", "3 2:0.5", "1 1:-1 2:2", "2 1:0.3", "3 2:-0.1"));
        assertEquals(3 * 2, problem(Map.of("dataset", "libsvm", "file", g.toString())).dimY());
    }

    @Test void theDecayLayoutDoesNotCollideWithSolverOptions() throws Exception {
        Path f = write("covtype-like.txt", 42, 5, 3, 4);
        for (String solver : List.of("penalty", "bvfim")) {
            Options o = new Options(Map.of("dataset", "libsvm", "file", f.toString(), "decayPer", "class"));
            BilevelProblem p = Catalog.problem("weightdecay", o, 3);
            assertEquals(3, p.dimX(), "one decay per class");
            assertNotNull(Catalog.solver(solver, p, o, 3), solver);
            o.requireAllUsed("weightdecay with " + solver);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> problem(Map.of("dataset", "libsvm", "file", f.toString(), "decay", "class")));
        assertTrue(e.getMessage().contains("decayPer=class"), e.getMessage());
    }
}
