package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Standardizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gradient's product over feature pairs from the dots' copy ({@link PairsOverTiles}, in the 8-bit kernel's passes):
 * the kernel's sums against plain double sums on every chunk, dense and listed copies, whole and partly buffered chunks;
 * full passes (gradient, HVP; row counts not multiples of a tile or a chunk, several row blocks starting anywhere)
 * against the double model and against the passes with {@code bilevel4j.featurePairs=false}.
 */
class PairsOverTilesTest {
    private static final int T = LanesOverRows.ROWS, M = PairsOverTiles.M, R = PairsOverTiles.R;

    /**
     * g16's lane sums over every chunk of rows × d bytes (a random range of its tiles; residuals outside it that must be
     * left out) against Σ_{s in range} Σ_r b_{q·T + r, j} res_{s, c, r} in double: a pair's second feature, a tile's
     * column or a chunk's tile offset off by one reads other bytes or other residuals, whose sums differ.
     */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void chunkSumsArePlainSums(boolean listed) {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        int d = 38, tiles = 2 * PairsOverTiles.CHUNK + 5, n = tiles * T + 9;
        byte[] v = LanesOverNonzerosTest.image(n, d, true, 7);
        LanesOverNonzeros.Columns c = LanesOverNonzeros.columns(v, n, d, listed ? 0 : Double.POSITIVE_INFINITY);
        assertEquals(listed, c.skips());
        PairsOverTiles.Lists l = PairsOverTiles.lists(c, n, d);
        assertEquals(listed, l.skipped() > 0, "pair tiles left out: " + l.skipped());
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k * PairsOverTiles.CHUNK < tiles; k++) {
            float[] res = new float[PairsOverTiles.CHUNK * PairsOverTiles.TILE_RES], g16 = new float[d * M * R];
            double[] want = new double[d * M];
            int inChunk = Math.min(PairsOverTiles.CHUNK, tiles - k * PairsOverTiles.CHUNK), s0 = k == 0 ? 0 : rnd.nextInt(inChunk),
                    s1 = k == 0 ? inChunk : s0 + 1 + rnd.nextInt(inChunk - s0), ro = 12;
            res = new float[ro + res.length];
            for (int s = 0; s < inChunk; s++) {
                int q = k * PairsOverTiles.CHUNK + s;
                for (int cl = 0; cl < M; cl++)
                    for (int r = 0; r < T; r++) {
                        float a = (float) rnd.nextGaussian();
                        res[ro + s * PairsOverTiles.TILE_RES + cl * T + r] = a;
                        if (s >= s0 && s < s1)
                            for (int j = 0; j < d; j++) want[j * M + cl] += (double) a * (v[(q * T + r) * d + j] & 0xFF);
                    }
            }
            PairsOverTiles.chunk(c.bytes(), l, k, s0, s1, res, ro, g16);
            for (int j = 0; j < d; j++)
                for (int cl = 0; cl < M; cl++) {
                    double got = PairsOverTiles.lanes(g16, (j * M + cl) * R), w = want[j * M + cl];
                    assertEquals(w, got, 1e-5 * (1 + Math.abs(w)) * T, "chunk " + k + ", feature " + j + ", output " + cl);
                }
        }
    }

    /**
     * The byte models with bilevel4j.featurePairs on (from blocks of minRows rows) and off, and the double model of the
     * same standardized pixels.
     */
    private static LogisticModel[] models(DenseMatrix raw, int[] labels, int classes, boolean bias, int minRows) {
        String old = System.getProperty("bilevel4j.pairsMinRows");
        System.setProperty("bilevel4j.pairsMinRows", Integer.toString(minRows));
        LogisticModel on;
        try {
            on = LanesOverNonzerosTest.byteModel(raw, labels, classes, bias, "bilevel4j.featurePairs", true);
        } finally {
            if (old == null) System.clearProperty("bilevel4j.pairsMinRows"); else System.setProperty("bilevel4j.pairsMinRows", old);
        }
        LogisticModel off = LanesOverNonzerosTest.byteModel(raw, labels, classes, bias, "bilevel4j.featurePairs", false);
        DenseMatrix x = (DenseMatrix) Standardizer.fit(raw).apply(raw);
        int[] y = classes == 1 ? FloatKernelTest.mod2(labels) : labels;
        LogisticModel dbl = classes == 1 ? LogisticModel.binary(x, y, bias) : LogisticModel.multinomial(x, y, classes, bias);
        return new LogisticModel[] {on, off, dbl};
    }

    @ParameterizedTest
    @CsvSource({"2003,784,10,false,1", "1201,784,10,true,3", "3001,100,10,true,3", "1555,200,10,false,2", "1030,58,10,true,1",
            "997,75,10,true,3", "9001,64,10,true,1", "333,100,7,false,3", "613,64,7,true,1", "97,37,1,true,3", "700,64,1,false,2"})
    void passesMatchDoubleAndThePassesWithoutPairs(int n, int d, int classes, boolean bias, int threads) {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        DenseMatrix raw = LanesOverNonzerosTest.raw(n, d, n + d);
        int[] labels = new ModelData(n, d, Math.max(classes, 2), n).labels;
        LogisticModel[] ms = models(raw, labels, classes, bias, 0);
        int dim = ms[0].dim();
        double[] w = ModelData.random(dim, 0.3, 1), w2 = ModelData.random(dim, 0.3, 4), v = ModelData.random(dim, 0.1, 2), sw = ModelData.random(n, 1, 3);
        for (int i = 0; i < n; i++) sw[i] = Math.abs(sw[i]);
        String old = System.getProperty("bilevel4j.threads");
        System.setProperty("bilevel4j.threads", Integer.toString(threads));
        try {
            close(ms, md -> {
                double[] g = new double[dim];
                md.valueGrad(w, null, sw, g);
                return g;
            }, "gradient");
            close(ms, md -> {
                double[] h = new double[dim];
                md.valueGrad(w, null, sw, h);
                md.hvp(w, null, sw, v, h); // kept probabilities
                return h;
            }, "HVP");
            close(ms, md -> {
                double[] h = new double[dim];
                md.hvp(w2, null, null, v, h); // logits of w2 and of v in one sweep
                return h;
            }, "HVP at a new point");
        } finally {
            if (old == null) System.clearProperty("bilevel4j.threads"); else System.setProperty("bilevel4j.threads", old);
        }
        boolean pairs = classes == 10 && d % 2 == 0;
        assertEquals(pairs, ms[0].kernel().contains("feature pairs"), ms[0].kernel());
        assertFalse(ms[1].kernel().contains("feature pairs"), ms[1].kernel());
        assertEquals(!pairs, ms[0].kernel().contains("axpy's row pieces"), "the blocks copy made only without pairs: " + ms[0].kernel());
    }

    /** Row blocks of fewer rows than bilevel4j.pairsMinRows take the axpy over the blocks copy, larger ones the pairs. */
    @Test void smallBlocksKeepTheAxpy() {
        assumeTrue(SimdSupport.available() && LanesOverRows.SUPPORTED, "no vector widening of the bytes here");
        int n = 1000, d = 64;
        DenseMatrix raw = LanesOverNonzerosTest.raw(n, d, 5);
        int[] labels = new ModelData(n, d, 10, 6).labels;
        double[] w = ModelData.random(d * 10, 0.3, 1);
        for (int minRows : new int[] {1001, 1000}) {
            LogisticModel[] ms = models(raw, labels, 10, false, minRows);
            String old = System.getProperty("bilevel4j.threads");
            System.setProperty("bilevel4j.threads", "1");
            try {
                ms[0].valueGrad(w, null, null, new double[ms[0].dim()]);
            } finally {
                if (old == null) System.clearProperty("bilevel4j.threads"); else System.setProperty("bilevel4j.threads", old);
            }
            assertEquals(minRows <= n, ms[0].kernel().contains("feature pairs"), minRows + ": " + ms[0].kernel());
        }
    }

    /** ms = {pairs, no pairs, double}: pairs within 2e-5 of double and 1e-5 of no pairs, relative to the largest entry. */
    private static void close(LogisticModel[] ms, Function<LogisticModel, double[]> f, String what) {
        double[] on = f.apply(ms[0]), off = f.apply(ms[1]), dbl = f.apply(ms[2]);
        double scale = 0;
        for (double x : dbl) scale = Math.max(scale, Math.abs(x));
        for (int k = 0; k < on.length; k++) {
            assertEquals(dbl[k], on[k], 2e-5 * scale, what + " against double at " + k);
            assertEquals(off[k], on[k], 1e-5 * scale, what + " against no pairs at " + k);
        }
    }

    @Test void listsLeaveOutThePairsOfZeroColumnsOnlyOnTheListedCopy() {
        int n = 40 * T + 3, d = 784;
        byte[] v = LanesOverNonzerosTest.image(n, d, true, 1);
        LanesOverNonzeros.Columns listed = LanesOverNonzeros.columns(v, n, d, 0), dense = LanesOverNonzeros.columns(v, n, d, Double.POSITIVE_INFINITY);
        PairsOverTiles.Lists a = PairsOverTiles.lists(listed, n, d), b = PairsOverTiles.lists(dense, n, d);
        assertEquals(40L * d / 2, a.pairTiles());
        assertEquals(0, b.skipped());
        assertTrue(a.skipped() > 0 && a.skipped() * 2 <= listed.zeros(), a.skipped() + " of " + listed.zeros() + " zero columns");
        assertEquals(3 * (a.pairTiles() - a.skipped()), a.ent().length);
        for (int k = listed.bytes().length - T; k < listed.bytes().length; k++) assertEquals(0, listed.bytes()[k], "the zero column");
    }
}
