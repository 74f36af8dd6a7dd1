package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.solver.Options;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * weightdecay on sparse data (dataset=libsvm here; spam takes the same path) computes in float32 by default, with the
 * float CSR kernel, and {@code precision=double} gives the double one; every oracle of the two agrees to the float
 * kernels' tolerance (2e-5 relative, as {@link FloatPrecisionTasksTest}), binary and multinomial. A lost row, output or
 * flush in the float path would show as an error of order one.
 */
class SparsePrecisionTasksTest {
    @TempDir Path dir;

    /** rows samples of a k-class problem over d features, about 10 stored entries per row, labels −1/+1 or 1..k. */
    private Path write(String name, int rows, int d, int k, long seed) throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int c = i % k;
            StringBuilder b = new StringBuilder(k == 2 ? (c == 0 ? "-1" : "+1") : Integer.toString(c + 1));
            for (int j = 1; j <= d; j++)
                if (r.nextInt(d) < 10) b.append(' ').append(j).append(':').append(String.format(java.util.Locale.ROOT, "%.4f", (j % k == c ? 1 : 0) + r.nextDouble()));
            lines.add(b.toString());
        }
        Path f = dir.resolve(name);
        Files.write(f, lines);
        return f;
    }

    @Test void floatIsTheDefaultOnSparseDataAndItsOraclesAgreeWithDouble() throws Exception {
        Path[] files = {write("binary.txt", 700, 120, 2, 1), write("classes.txt", 500, 80, 3, 2)};
        for (Path f : files) {
            Map<String, String> o = new HashMap<>(Map.of("dataset", "libsvm", "file", f.toString()));
            WeightDecay flt = (WeightDecay) Catalog.problem("weightdecay", new Options(o), 1); // the default
            o.put("precision", "double");
            WeightDecay dbl = (WeightDecay) Catalog.problem("weightdecay", new Options(o), 1);
            assertEquals("sparse (CSR) float32", flt.kernel());
            assertEquals("sparse (CSR)", dbl.kernel());
            String what = f.getFileName().toString();
            Vec x = Vec.of(HyperCleaningTest.rand(dbl.dimX(), 1, 1)), y = Vec.of(HyperCleaningTest.rand(dbl.dimY(), 0.5, 2));
            Vec u = Vec.of(HyperCleaningTest.rand(dbl.dimX(), 1, 3)), v = Vec.of(HyperCleaningTest.rand(dbl.dimY(), 1, 4));
            assertEquals(dbl.innerValue(x, y), flt.innerValue(x, y), 2e-5 * Math.abs(dbl.innerValue(x, y)), what);
            assertEquals(dbl.outerValue(x, y), flt.outerValue(x, y), 2e-5 * Math.abs(dbl.outerValue(x, y)), what);
            close(what + " inner y-gradient", dbl.innerGradY(x, y), flt.innerGradY(x, y));
            close(what + " inner x-gradient", dbl.innerGradX(x, y), flt.innerGradX(x, y));
            close(what + " outer y-gradient", dbl.outerGradY(x, y), flt.outerGradY(x, y));
            close(what + " inner HVP", dbl.innerHvpYY(x, y, v), flt.innerHvpYY(x, y, v));
            close(what + " inner cross product", dbl.innerCrossXY(x, y, v), flt.innerCrossXY(x, y, v));
            close(what + " inner cross product (x side)", dbl.innerCrossYX(x, y, u), flt.innerCrossYX(x, y, u));
        }
    }

    private static void close(String what, Vec a, Vec b) {
        double e = Vec.distance(a, b) / Math.max(a.norm(), 1e-300);
        assertTrue(e < 2e-5, what + ": relative difference " + e);
    }
}
