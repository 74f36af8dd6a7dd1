package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link RowOrder}: a permutation of the rows for any shape; rows of a few zero patterns, shuffled, come out grouped by
 * pattern, tile by tile (the all-zero columns its greedy rule should find); and full passes of the 8-bit kernel in that
 * order give every oracle of the natural order (float sums in another order, so to 1e-5), per-row outputs in each row's
 * own place, and mini-batches bit for bit, with the gradient's product as the axpy or as feature pairs.
 */
class RowOrderTest {
    private static final int T = LanesOverRows.ROWS;

    /** n rows of d bytes, each row of pattern i % patterns nonzero (at random, half the time) only on features j with j % patterns == that pattern, shuffled. */
    private static byte[] patterns(int n, int d, int patterns, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        byte[] v = new byte[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++)
                if (j % patterns == perm[i] % patterns && r.nextBoolean()) v[i * d + j] = (byte) (1 + r.nextInt(255));
        return v;
    }

    @ParameterizedTest
    @CsvSource({"1000,784,256", "77,65,256", "31,10,256", "200,64,1", "5,3,2", "0,8,256"})
    void isAPermutation(int n, int d, int window) {
        byte[] v = LanesOverNonzerosTest.image(n, d, true, n + d);
        for (int i = 0; i < Math.min(n, 3); i++) java.util.Arrays.fill(v, i * d, (i + 1) * d, (byte) 0); // rows with no nonzero byte
        int[] order = RowOrder.of(v, n, d, T, window);
        assertEquals(n, order.length);
        boolean[] seen = new boolean[n];
        for (int i : order) {
            assertFalse(seen[i], "row " + i + " twice");
            seen[i] = true;
        }
        int[] pos = RowOrder.positions(order);
        for (int p = 0; p < n; p++) assertEquals(p, pos[order[p]]);
        byte[] w = RowOrder.permuted(v, order, d);
        for (int p = 0; p < n; p++) assertArrayEquals(java.util.Arrays.copyOfRange(v, order[p] * d, order[p] * d + d), java.util.Arrays.copyOfRange(w, p * d, p * d + d));
    }

    @ParameterizedTest
    @CsvSource({"4,784", "2,100", "8,300"})
    void groupsRowsOfTheSamePatternIntoTiles(int patterns, int d) {
        int n = patterns * 8 * T; // 8 tiles of each pattern
        byte[] v = patterns(n, d, patterns, d);
        double natural = RowOrder.zeroColumns(v, null, n, d, T), ordered = RowOrder.zeroColumns(v, RowOrder.of(v, n, d, T, RowOrder.WINDOW), n, d, T);
        double best = 1 - 1.0 / patterns; // each tile of one pattern: all columns of the other patterns zero
        // shuffled, a tile's column is all zero only when none of its rows of that pattern has the feature: (1 − 1/2p)^32
        assertTrue(natural < 0.2, "shuffled rows: " + natural);
        // the greedy rule leaves a few mixed tiles (the window does not always hold 31 rows of the seed's pattern)
        assertTrue(ordered > best - 0.06, "ordered " + ordered + ", best " + best);
        assertTrue(ordered > natural + 0.5, "ordered " + ordered + ", natural " + natural);
        assertEquals(1.0, RowOrder.zeroColumns(new byte[2 * T * d], null, 2 * T, d, T));
    }

    /**
     * The 8-bit model of image-like bytes with rows ordered by the kernel (default) or in natural order, pairs from that many
     * rows a block, and the pairs on all threads (one row block per thread; the default on Java 25+) or not.
     */
    private static LogisticModel model(DenseMatrix raw, int[] labels, int classes, boolean bias, boolean ordered, int pairsFrom, boolean allThreads) {
        return LanesOverNonzerosTest.byteModel(raw, labels, classes, bias, "bilevel4j.rowOrder=" + ordered, "bilevel4j.pairsMinRows=" + pairsFrom,
                "bilevel4j.pairsMinRowsOrdered=" + pairsFrom, "bilevel4j.pairsOnAllThreads=" + allThreads);
    }

    @ParameterizedTest
    @CsvSource({"2003,784,10,false,1000000,false", "2003,784,10,false,1,false", "1201,784,10,true,1,false", "333,100,7,false,1000000,false",
            "97,37,1,true,1000000,false", "2003,784,10,false,1,true", "1201,784,10,true,1000000,true"})
    void fullPassesAreTheNaturalOrdersPasses(int n, int d, int classes, boolean bias, int pairsFrom, boolean allThreads) {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        DenseMatrix raw = LanesOverNonzerosTest.raw(n, d, n + d);
        int[] labels = new ModelData(n, d, Math.max(classes, 2), n).labels;
        LogisticModel natural = model(raw, labels, classes, bias, false, pairsFrom, allThreads),
                ordered = model(raw, labels, classes, bias, true, pairsFrom, allThreads);
        int dim = natural.dim(), m = natural.outputs();
        double[] w = ModelData.random(dim, 0.1, 1), v = ModelData.random(dim, 0.1, 2), sw = ModelData.random(n, 1, 3);
        for (int i = 0; i < n; i++) sw[i] = Math.abs(sw[i]);
        assertClose(natural, ordered, mm -> new double[] {mm.value(w, null, sw)}, "value");
        assertClose(natural, ordered, mm -> {
            double[] g = new double[dim];
            mm.valueGrad(w, null, sw, g);
            return g;
        }, "gradient");
        assertClose(natural, ordered, mm -> {
            double[] h = new double[dim];
            mm.valueGrad(w, null, sw, h);
            mm.hvp(w, null, sw, v, h); // kept probabilities, in the order's positions
            return h;
        }, "HVP");
        assertClose(natural, ordered, mm -> {
            double[] l = new double[n];
            mm.sampleLosses(w, null, l);
            return l;
        }, "losses");
        assertClose(natural, ordered, mm -> {
            double[] r = new double[n * m];
            mm.gradLogits(w, null, sw, r); // row i's derivatives at i·m whatever the order
            return r;
        }, "gradient logit derivatives");
        assertClose(natural, ordered, mm -> {
            double[] r = new double[n * m];
            mm.hvpLogits(w, null, sw, v, r);
            return r;
        }, "HVP logit derivatives");
        assertClose(natural, ordered, mm -> new double[] {mm.accuracy(w, null)}, "accuracy");
        assertTrue(ordered.kernel().contains("rows ordered by their zeros"), ordered.kernel());
        if (classes == 10 && d % 2 == 0) assertEquals(pairsFrom == 1, ordered.kernel().contains("feature pairs"), ordered.kernel());
        assertFalse(natural.kernel().contains("rows ordered"), natural.kernel());
        // mini-batches do not take the order: the same bits
        int[] rows = {n - 1, 0, 5, 17, 3, n / 2, 40, 41, 42};
        double[] g1 = new double[dim], g2 = new double[dim];
        assertEquals(natural.valueGrad(w, rows, sw, g1), ordered.valueGrad(w, rows, sw, g2));
        assertArrayEquals(g1, g2);
    }

    /**
     * The same to 1e-5 of the largest entry: float32 sums of the rows in two orders (1001-row blocks: about 2e-6 apart;
     * the float kernels' tests against double take 2e-5); a misplaced row's output is off by the entries' own size.
     */
    private static void assertClose(LogisticModel a, LogisticModel b, java.util.function.Function<LogisticModel, double[]> f, String what) {
        double[] x = f.apply(a), y = f.apply(b);
        double scale = 0;
        for (double e : x) scale = Math.max(scale, Math.abs(e));
        for (int k = 0; k < x.length; k++) assertEquals(x[k], y[k], 1e-5 * scale, what + " at " + k);
    }

    @Test void aWideTileOutsideTheOrderIsRefused() {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        DenseMatrix raw = LanesOverNonzerosTest.raw(4 * T, 784, 9);
        RowKernel kernel = SimdSupport.bytes(ByteFeatures.of(raw, org.bilevel4j.data.Standardizer.fit(raw)));
        int[] order = kernel.order();
        assertNotNull(order, "image-like rows are ordered");
        RowKernel.Tiles tiles = kernel.tiles(10, 784, false, new double[10 * 784]);
        int[] idx = new int[T];
        for (int r = 0; r < T; r++) idx[r] = order[T + r];
        tiles.load(idx, T); // the second tile of a full pass
        assertTrue(tiles.classMajor());
        int tmp = idx[0];
        idx[0] = idx[1];
        idx[1] = tmp;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tiles.load(idx, T));
        assertTrue(e.getMessage().contains("order()"), e.getMessage());
    }
}
