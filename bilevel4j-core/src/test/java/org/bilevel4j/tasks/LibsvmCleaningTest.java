package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
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
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hyperclean on the user's own LIBSVM files: noisy training labels, trusted validation rows, and the errors a user sees. */
class LibsvmCleaningTest {
    @TempDir Path dir;

    /**
     * rows of a 3-class mixture over d raw-scaled features (labels 1..3); the labels of rows i with flip[i] are moved to
     * the next class. Returns the file.
     */
    private Path write(String name, int rows, int d, long seed, boolean[] flip) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int c = r.nextInt(3);
            int label = flip != null && flip[i] ? (c + 1) % 3 : c;
            double[] x = new double[d];
            for (int j = 0; j < d; j++) x[j] = 5 * ((j % 3 == c ? 2.5 : 0) + r.nextGaussian());
            lines.add(LibsvmFiles.line(Integer.toString(label + 1), x));
        }
        return LibsvmFiles.write(dir, name, lines);
    }

    private static HyperCleaning problem(Map<String, String> set) { return LibsvmFiles.problem("hyperclean", set, 2); }

    /** The training file's own wrong labels, a trusted validation file: aid-cg down-weights the wrong ones. */
    @Test void learnsToDropTheFilesOwnWrongLabels() throws Exception {
        int n = 300;
        boolean[] flip = new boolean[n];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < n; i++) flip[i] = r.nextDouble() < 0.3;
        Path tr = write("noisy.txt", n, 6, 1, flip), va = write("trusted.txt", 150, 6, 2, null), te = write("test.txt", 200, 6, 3, null);
        HyperCleaning p = problem(Map.of("dataset", "libsvm", "file", tr.toString(), "valFile", va.toString(), "testFile", te.toString()));
        assertEquals(n, p.dimX(), "one weight per training row");
        assertEquals(3 * 6, p.dimY());
        Map<String, Double> m = p.metrics(p.initialX(), p.initialY());
        assertTrue(m.containsKey("testAccuracy") && m.containsKey("referenceUniform"));
        assertFalse(m.containsKey("f1") || m.containsKey("referenceOracle"), "no label is known to be wrong: " + m.keySet());
        RunResult run = Runner.run(Catalog.solver("aid-cg", p, new Options(Map.of()), 1), p, p.initialX(), p.initialY(), StopRule.iterations(60));
        double[] x = run.x().toArray();
        double flipped = 0, kept = 0;
        int nf = 0;
        for (int i = 0; i < n; i++) if (flip[i]) { flipped += x[i]; nf++; } else kept += x[i];
        flipped /= nf;
        kept /= n - nf;
        assertTrue(flipped < kept - 1, "mean logit of the wrong labels " + flipped + " against " + kept);
        assertTrue(run.finalRow().metrics().get("testAccuracyRefit") > m.get("referenceUniform"),
                "refit " + run.finalRow().metrics().get("testAccuracyRefit") + " against uniform " + m.get("referenceUniform"));
    }

    @Test void aLoneFileNeedsInjectedNoiseAndIsSplit() throws Exception {
        Path f = write("clean.txt", 400, 4, 4, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> problem(Map.of("dataset", "libsvm", "file", f.toString())));
        assertTrue(e.getMessage().contains("valFile=PATH") && e.getMessage().contains("p=FRACTION"), e.getMessage());
        HyperCleaning p = problem(Map.of("dataset", "libsvm", "file", f.toString(), "p", "0.4"));
        assertEquals(200, p.dimX(), "50/25/25");
        assertEquals(100, p.outerSamples());
        Map<String, Double> m = p.metrics(p.initialX(), p.initialY());
        assertTrue(m.containsKey("f1") && m.containsKey("referenceOracle"), "injected noise is known: " + m.keySet());
        assertEquals(0.0, m.get("precision"), "at x = 0 nothing is flagged");
    }

    @Test void aValidationFileWithoutTestFileIsHalved() throws Exception {
        Path tr = write("tr.txt", 100, 4, 5, null), va = write("va.txt", 81, 4, 6, null);
        List<String> said = new ArrayList<>();
        java.util.function.Consumer<String> before = LibsvmDecay.notices;
        LibsvmDecay.notices = said::add;
        try {
            HyperCleaning p = problem(Map.of("dataset", "libsvm", "file", tr.toString(), "valFile", va.toString()));
            assertEquals(41, p.outerSamples());
            assertTrue(said.stream().anyMatch(l -> l.contains("no testFile") && l.contains("40 for the test accuracy")), said.toString());
            assertTrue(said.stream().anyMatch(l -> l.startsWith("hyperclean: the training rows")), "raw features are scaled: " + said);
        } finally {
            LibsvmDecay.notices = before;
        }
    }

    @Test void badInputIsAUserError() throws Exception {
        Path f = write("a.txt", 40, 3, 7, null);
        Path real = dir.resolve("real.txt");
        Files.write(real, List.of("0.5 1:1", "1.5 2:1", "2.5 1:2"));
        for (Map<String, String> bad : List.of(Map.of("dataset", "libsvm"),
                Map.of("dataset", "libsvm", "file", real.toString(), "p", "0.2"),
                Map.of("dataset", "libsvm", "file", f.toString(), "p", "0.2", "trainSize", "10"),
                Map.of("dataset", "libsvm", "file", dir.resolve("none.txt").toString(), "p", "0.2"),
                Map.of("dataset", "synthetic", "file", f.toString())))
            assertThrows(IllegalArgumentException.class, () -> problem(bad), bad.toString());
    }
}
