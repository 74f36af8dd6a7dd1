package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bilevel4j.data.DenseMatrix;
import org.junit.jupiter.api.Test;

/**
 * The per-block scratch a sweep needs (tile cursors with their float partial gradients and weight copies, the model's
 * per-tile arrays, the accumulators of row blocks after the first, the kept parameters) is taken from the model's and
 * kernel's idle ones and handed back: consecutive passes allocate none of it (a new one per pass was about 40 page faults
 * per MNIST pass in fresh eden, README), and reused scratch gives the numbers of new scratch bit for bit, also with two
 * sweeps on one model at once.
 */
class ScratchReuseTest {
    /** 2000 × 400: four row blocks per sweep on any machine with two or more threads (200000 entries a block). */
    static final int N = 2000, D = 400, K = 10;
    static final ModelData DATA = new ModelData(N, D, K, 31);
    static final DenseMatrix RAW = LanesOverNonzerosTest.raw(N, D, 32);

    /** The float models of every float kernel: 8-bit (lanes over rows), dense float, CSR float. */
    static List<LogisticModel> models() {
        List<LogisticModel> l = new ArrayList<>();
        l.add(LanesOverNonzerosTest.byteModel(RAW, DATA.labels, K, true, "bilevel4j.lanesOverRows", true));
        l.add(LogisticModel.multinomial(DATA.dense, DATA.labels, K, true).withPrecision(Precision.FLOAT));
        l.add(LogisticModel.multinomial(DATA.sparse, DATA.labels, K, true).withPrecision(Precision.FLOAT));
        return l;
    }

    /** The same model's oracles on a model that has not swept before. */
    static LogisticModel fresh(LogisticModel m) {
        return m.rowData() instanceof DenseMatrix && m.kernel().contains("8-bit") ? models().get(0)
                : LogisticModel.multinomial(m.rowData(), m.labels(), K, true).withPrecision(Precision.FLOAT);
    }

    static RowKernel.Tiles pass(RowKernel k, double[] w, double[] g) {
        RowKernel.Tiles t = k.tiles(K, D + 1, true, g);
        int[] idx = {0, 1, 2, 3};
        double[] z = new double[4 * K];
        t.load(idx, 4);
        t.dots(w, z);
        t.axpy(z);
        t.finish();
        return t;
    }

    @Test void kernelsHandOutTheTilesOfTheLastFinishedBlock() {
        double[] w = ModelData.random(K * (D + 1), 0.1, 1), g = new double[w.length];
        for (RowKernel k : new RowKernel[] {SimdSupport.bytes(ByteFeatures.of(RAW, null)), SimdSupport.dense(DATA.dense, Precision.FLOAT),
                RowKernel.of(DATA.sparse, Precision.FLOAT, 1), new SparseRowsClassLanes(DATA.sparse)}) {
            RowKernel.Tiles first = pass(k, w, g);
            assertSame(first, pass(k, w, g), k.describe() + ": new tiles for the next block");
            RowKernel.Tiles open = k.tiles(K, D + 1, true, g); // taken: the next block gets its own
            assertNotSame(open, k.tiles(K, D + 1, true, g), k.describe());
            assertNotSame(open, k.tiles(1, D + 1, true, g), k.describe() + ": another number of outputs");
        }
    }

    /** Every oracle's sweep once (two-point fused sweeps too). */
    static void oracles(LogisticModel m, double[] w, double[] v, double[] g, double[] g2) {
        m.valueGrad(w, null, null, g);
        m.hvp(w, null, null, v, g);
        m.value(w, null, null);
        m.valuesAt(new double[][] {w, v}, null, null, new double[][] {g, g2}, new double[][] {null, null});
    }

    /** One row block per sweep: after the first round of oracles every sweep takes the same scratch and kept-parameter array. */
    @Test void consecutivePassesAllocateNoNewScratch() throws ReflectiveOperationException {
        String old = System.getProperty("bilevel4j.threads");
        System.setProperty("bilevel4j.threads", "1");
        try {
            for (LogisticModel m : models()) {
                double[] w = ModelData.random(m.dim(), 0.1, 2), v = ModelData.random(m.dim(), 1, 3), g = new double[m.dim()], g2 = new double[m.dim()];
                oracles(m, w, v, g, g2);
                List<Object> idle = m.idleScratch();
                double[] keptW = keptW(m);
                assertFalse(idle.isEmpty(), m.kernel());
                for (int r = 0; r < 3; r++) {
                    w[r] += 0.01;
                    oracles(m, w, v, g, g2);
                    for (Object o : m.idleScratch()) assertTrue(idle.stream().anyMatch(x -> x == o), m.kernel() + ": new scratch " + o.getClass().getSimpleName());
                    assertSame(keptW, keptW(m), m.kernel() + ": a new copy of the kept parameters");
                }
            }
        } finally {
            if (old == null) System.clearProperty("bilevel4j.threads"); else System.setProperty("bilevel4j.threads", old);
        }
    }

    /**
     * Four row blocks run in parallel: the accumulators of blocks after the first are the same arrays every round; the
     * per-block scratch is at most one per point and thread that can run a block at once (the fork-join pool's and the caller).
     */
    @Test void parallelBlocksReuseTheirScratch() {
        int threads = java.util.concurrent.ForkJoinPool.commonPool().getParallelism() + 1;
        for (LogisticModel m : models()) {
            double[] w = ModelData.random(m.dim(), 0.1, 6), v = ModelData.random(m.dim(), 1, 7), g = new double[m.dim()], g2 = new double[m.dim()];
            oracles(m, w, v, g, g2);
            List<Object> sums = m.idleScratch().stream().filter(o -> o instanceof double[]).toList();
            List<Object> seen = new ArrayList<>();
            for (int r = 0; r < 6; r++) {
                w[r] += 0.01;
                oracles(m, w, v, g, g2);
                for (Object o : m.idleScratch()) {
                    if (o instanceof double[]) assertTrue(sums.stream().anyMatch(x -> x == o), m.kernel() + ": a new block accumulator");
                    else if (seen.stream().noneMatch(x -> x == o)) seen.add(o);
                }
            }
            assertTrue(seen.size() <= 2 * threads, m.kernel() + ": " + seen.size() + " block scratches for " + threads + " threads");
        }
    }

    /** The parameters of the model's kept probabilities (its private cache, read by reflection). */
    static double[] keptW(LogisticModel m) throws ReflectiveOperationException {
        java.lang.reflect.Field f = LogisticModel.class.getDeclaredField("cache");
        f.setAccessible(true);
        Object cache = f.get(m);
        java.lang.reflect.Method w = cache.getClass().getDeclaredMethod("w");
        w.setAccessible(true);
        return (double[]) w.invoke(cache);
    }

    /** Gradient, HVP at a new point, HVP from the kept probabilities, value: the numbers of one round. */
    static double[][] round(LogisticModel m, double[] w, double[] v) {
        double[] g = new double[m.dim()], h = new double[m.dim()], h2 = new double[m.dim()];
        m.hvp(w, null, null, v, h);
        double value = m.valueGrad(w, null, null, g);
        m.hvp(w, null, null, g, h2);
        return new double[][] {g, h, h2, {value, m.value(v, null, null)}};
    }

    /** Parameter arrays changed in place between sweeps: reused weight copies must not be taken for those of the old values. */
    @Test void reusedScratchGivesTheNumbersOfNewScratch() {
        for (LogisticModel m : models()) {
            double[] w = ModelData.random(m.dim(), 0.1, 4), v = ModelData.random(m.dim(), 1, 5);
            m.curvatureBound(); // tiles of one output go idle too
            round(m, w, v);
            for (int j = 0; j < w.length; j++) {
                w[j] = -0.5 * w[j] + 0.01;
                v[j] = 2 * v[j];
            }
            double[][] again = round(m, w, v), expected = round(fresh(m), w.clone(), v.clone());
            for (int q = 0; q < expected.length; q++) assertArrayEquals(expected[q], again[q], 0, m.kernel() + " output " + q);
        }
    }

    @Test void concurrentSweepsOnOneModelGiveTheSequentialNumbers() throws Exception {
        int points = 6;
        for (LogisticModel m : models()) {
            double[][] ws = new double[points][], vs = new double[points][];
            double[][][] expected = new double[points][][];
            for (int p = 0; p < points; p++) {
                ws[p] = ModelData.random(m.dim(), 0.1, 10 + p);
                vs[p] = ModelData.random(m.dim(), 1, 20 + p);
                expected[p] = round(fresh(m), ws[p], vs[p]);
            }
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<double[][]>> got = new ArrayList<>();
                for (int rep = 0; rep < 4; rep++)
                    for (int p = 0; p < points; p++) {
                        int q = p;
                        got.add(pool.submit(() -> round(m, ws[q], vs[q])));
                    }
                for (int f = 0; f < got.size(); f++) {
                    double[][] r = got.get(f).get();
                    for (int o = 0; o < r.length; o++) assertArrayEquals(expected[f % points][o], r[o], 0, m.kernel() + " point " + f % points + " output " + o);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
