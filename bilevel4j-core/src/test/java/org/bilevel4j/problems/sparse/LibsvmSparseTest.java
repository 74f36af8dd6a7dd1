package org.bilevel4j.problems.sparse;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.testing.LibsvmFiles;
import org.bilevel4j.testing.OracleChecks;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sparse-regression on the user's own LIBSVM file: its real-valued labels as least-squares targets. */
class LibsvmSparseTest {
    @TempDir Path dir;

    /** rows of y = Σ_j truth_j x_j + noise over d features (raw scale: x up to ~30), every other entry stored. */
    private Path write(String name, int rows, int d, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] x = new double[d];
            double y = 100 + 0.5 * r.nextGaussian();
            for (int j = 0; j < d; j++) {
                if ((i + j) % 2 == 0) continue;
                x[j] = 10 * (1 + j % 3) * r.nextGaussian();
                y += (j < 3 ? 0.3 : 0) * x[j];
            }
            lines.add(LibsvmFiles.line(String.format(java.util.Locale.ROOT, "%.5f", y), x));
        }
        return LibsvmFiles.write(dir, name, lines);
    }

    private static SparseRegression problem(Map<String, String> set) { return LibsvmFiles.problem("sparse-regression", set, 4); }

    @Test void aLoneFileIsSplitStandardizedAndCentred() throws Exception {
        Path f = write("reg.txt", 200, 7, 1);
        SparseRegression p = problem(Map.of("dataset", "libsvm", "file", f.toString()));
        assertEquals(7, p.dimY());
        LeastSquares ls = (LeastSquares) p.base();
        assertEquals(80, ls.trainRows(), "40/40/20");
        // training features standardized, target centred: at w = 0 the training loss is half the target's variance, 1/2
        double[] mean = new double[7], sq = new double[7];
        double[] x = ls.trainX();
        for (int i = 0; i < 80; i++) for (int j = 0; j < 7; j++) mean[j] += x[i * 7 + j] / 80;
        for (int i = 0; i < 80; i++) for (int j = 0; j < 7; j++) sq[j] += (x[i * 7 + j] - mean[j]) * (x[i * 7 + j] - mean[j]) / 80;
        for (int j = 0; j < 7; j++) {
            assertEquals(0, mean[j], 1e-5);
            assertEquals(1, sq[j], 1e-4);
        }
        Vec x0 = Vec.of(-2.0), w0 = Vec.zeros(7);
        assertEquals(0.5, p.innerValue(x0, w0) - p.regularizer().smoothValue(new double[7], p.mu(), new double[] {Math.exp(-2)}), 1e-5);
        Map<String, Double> m = p.metrics(x0, w0);
        assertTrue(m.get("testMse") > 0.3 && m.get("testMse") < 3, "test MSE at w = 0, in training-target variances: " + m.get("testMse"));
        p.setMu(0.1);
        OracleChecks.checkAll(p, x0, Vec.constant(7, 0.1), Vec.of(0.7), Vec.constant(7, 0.3), 1e-5, 1e-6);
        // a run lowers the validation loss at the refit, and the model fits: test MSE well below the variance
        BilevelProblem q = problem(Map.of("dataset", "libsvm", "file", f.toString(), "penalty", "l1"));
        RunResult r = Runner.run(Catalog.solver("hoag", q, new Options(Map.of()), 1), q, q.initialX(), q.initialY(), StopRule.iterations(30));
        assertTrue(r.finalRow().metrics().get("testMseRefit") < 0.2, "refit test MSE " + r.finalRow().metrics());
    }

    @Test void filesCanGiveTheValidationAndTestParts() throws Exception {
        Path tr = write("tr.txt", 60, 5, 2), va = write("va.txt", 30, 5, 3), te = write("te.txt", 25, 5, 4);
        SparseRegression withAll = problem(Map.of("dataset", "libsvm", "file", tr.toString(), "valFile", va.toString(), "testFile", te.toString()));
        assertEquals(60, ((LeastSquares) withAll.base()).trainRows());
        assertEquals(30, withAll.outerSamples());
        assertTrue(withAll.metrics(Vec.of(-2.0), Vec.zeros(5)).containsKey("testMse"));
        SparseRegression noTest = problem(Map.of("dataset", "libsvm", "file", tr.toString(), "valFile", va.toString()));
        assertFalse(noTest.metrics(Vec.of(-2.0), Vec.zeros(5)).containsKey("testMse"), "no test part, no test MSE");
        assertTrue(noTest.refitMetrics(Vec.of(-2.0), Vec.zeros(5)).isEmpty());
        SparseRegression halves = problem(Map.of("dataset", "libsvm", "file", tr.toString(), "testFile", te.toString()));
        assertEquals(30, ((LeastSquares) halves.base()).trainRows(), "with a test file a lone file is split 50/50");
    }

    @Test void badInputIsAUserErrorNamingTheFix() throws Exception {
        Path f = write("reg.txt", 20, 3, 1);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm")));
        assertTrue(missing.getMessage().contains("file=PATH"), missing.getMessage());
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> problem(Map.of("dataset", "libsvm", "file", dir.resolve("nope.txt").toString())));
        assertTrue(absent.getMessage().contains("nope.txt"), absent.getMessage());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> problem(Map.of("dataset", "libsvm", "file", f.toString(), "libsvmFeatures", "2000000")));
        assertTrue(wide.getMessage().contains("Gram") && (wide.getMessage().contains("heap") || wide.getMessage().contains("arrays")), wide.getMessage());
        IllegalArgumentException misplaced = assertThrows(IllegalArgumentException.class,
                () -> problem(Map.of("dataset", "diabetes", "file", f.toString())));
        assertTrue(misplaced.getMessage().contains("dataset=libsvm only"), misplaced.getMessage());
    }
}
