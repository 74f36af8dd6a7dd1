package org.bilevel4j.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;

/**
 * The gradient's product from the dots' copy, feature pairs over chunks of tiles ({@link FeaturePairs}, a trial), against
 * today's axpy ({@link LanesOverRows#axpy} on its own block copy; {@link LanesOverNonzeros#axpy} on the listed copy, as a
 * pass on MNIST runs it), on 20000 shuffled MNIST training rows (or Fashion-MNIST), 10 classes, one thread, CPU ms by
 * the thread's clock, min of 15 runs per round, all variants alternating in one JVM. Every sweep takes the same
 * residuals (n × 10, double, class-major per tile, as the pass hands them out), converts them to float, runs the product
 * over every full tile and flushes the float sums into a double G every {@code -Dpairs.flushRows} rows (default 2048);
 * the G of each is checked against today's and a double reference. Also: today's "load + axpy" through the kernel
 * ({@link TileSweep}, as LanesBreakdown times it), and the dots followed by the gradient product (the two products of a
 * pass, without the softmax). Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.FeaturePairsBreakdown [mnist|fashion-mnist] [rounds]</pre>
 */
public final class FeaturePairsBreakdown {
    private FeaturePairsBreakdown() {}

    private static final int T = LanesOverRows.ROWS, M = FeaturePairs.M, RES = FeaturePairs.TILE_RES;
    /** Rows between the pair kernels' lane sums into double ({@code -Dpairs.flushRows}); today's axpy flushes as a pass does, every {@link DenseRowsByteSimd#LANES_FLUSH_ROWS}. */
    private static final int FLUSH = Integer.getInteger("pairs.flushRows", 2048), TODAY_FLUSH = DenseRowsByteSimd.LANES_FLUSH_ROWS;
    private static double sink;

    /** The data of the sweeps. */
    private static final class Setup {
        int n, d, tiles;
        byte[] v, cols, blocks, listedZ;
        int zero;
        LanesOverNonzeros.Columns listed;
        LanesOverNonzeros.Blocks blocksListed, blocksDense;
        /** Whether the pair kernels' residuals and sums are 64-byte aligned (-Dpairs.aligned, default true). */
        boolean aligned = Boolean.parseBoolean(System.getProperty("pairs.aligned", "true"));
        float[] resA = new float[1 << 22], g16A = new float[1 << 22];
        /** Residuals of up to 64 tiles in a 64-byte aligned direct buffer, little-endian floats. */
        java.nio.ByteBuffer resB = java.nio.ByteBuffer.allocateDirect(64 * RES * 4 + 64).alignedSlice(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        double[] A;
        float[] wt;
    }

    /** Today's product: af[r·m + c] from the tile's residuals, the axpy on its copy, gf flushed into G every FLUSH rows. */
    private static void today(Setup s, LanesOverNonzeros.Blocks bt, LanesOverNonzeros.Columns dots, byte[] dotBytes, double[] G) {
        today(s, bt, dots, dotBytes, G, false);
    }

    /** With hot: tiles 0..7 again and again (their bytes in cache); bt null: no axpy (the dots alone). */
    private static void today(Setup s, LanesOverNonzeros.Blocks bt, LanesOverNonzeros.Columns dots, byte[] dotBytes, double[] G, boolean hot) {
        int d = s.d;
        float[] gf = new float[M * d], af = new float[T * M], zt = new float[M * T];
        Arrays.fill(G, 0);
        int pending = 0;
        for (int qq = 0; qq < s.tiles; qq++) {
            int q = hot ? qq % 8 : qq;
            if (dots != null) {
                if (dots.skips()) LanesOverRows.dots(dotBytes, dots.features(), 0, dots.start()[q], dots.start()[q + 1], s.wt, M, zt);
                else LanesOverRows.dots(dotBytes, q * T * d, d, s.wt, M, zt);
            }
            int base = q * RES;
            for (int c = 0; c < M; c++) for (int r = 0; r < T; r++) af[r * M + c] = (float) s.A[base + c * T + r];
            if (bt != null) LanesOverNonzeros.axpy(bt, q, d, d, af, M, gf);
            pending += T;
            if (pending >= TODAY_FLUSH) {
                for (int i = 0; i < gf.length; i++) G[i] += gf[i];
                Arrays.fill(gf, 0f);
                pending = 0;
            }
        }
        for (int i = 0; i < gf.length; i++) G[i] += gf[i];
        sink += zt[0];
    }

    /**
     * Feature pairs over chunks of chunk tiles: 0 dense copy, 1 one feature with two row halves (dense copy), 4 as 0 with the sums folded into 32 features' place (wrong), 2 listed
     * copy with lists made per chunk, 3 listed copy with lists made once (ent, starts); with dots: the chunk's dots first.
     */
    private static void pairs(Setup s, int chunk, int kind, boolean dots, int[] ent, int[][] starts, double[] G) {
        pairs(s, chunk, kind, dots, ent, starts, G, false, s.aligned);
    }

    private static void pairs(Setup s, int chunk, int kind, boolean dots, int[] ent, int[][] starts, double[] G, boolean hot, boolean aligned) {
        pairs(s, chunk, kind, dots, ent, starts, G, hot, aligned ? 3 : 0);
    }

    /** With hot: the first chunk again and again (its bytes in cache). */
    /** align: 1 the residuals 64-byte aligned in an array, 2 the sums g16, 4 the residuals in an aligned direct buffer (kind 3). */
    private static void pairs(Setup s, int chunk, int kind, boolean dots, int[] ent, int[][] starts, double[] G, boolean hot, int align) {
        int d = s.d;
        boolean buffer = (align & 4) != 0;
        // aligned: humongous arrays (G1) start 16 bytes after a region's start, so 12 floats in are 64-byte aligned
        float[] res = (align & 1) != 0 ? s.resA : new float[chunk * RES], g16 = (align & 2) != 0 ? s.g16A : new float[d * M * FeaturePairs.R], zt = new float[M * T];
        int ro = (align & 1) != 0 ? 12 : 0, go = (align & 2) != 0 ? 12 : 0;
        int[] pos = new int[chunk * d], ent1 = new int[3 * chunk * d / 2], start1 = new int[d / 2 + 1];
        Arrays.fill(G, 0);
        int pending = 0;
        for (int qq = 0, ci = 0; qq < s.tiles; qq += chunk, ci++) {
            int tiles = Math.min(chunk, s.tiles - qq), q0 = hot ? 0 : qq;
            if (dots)
                for (int q = q0; q < q0 + tiles; q++) {
                    if (kind >= 2) LanesOverRows.dots(s.listedZ, s.listed.features(), 0, s.listed.start()[q], s.listed.start()[q + 1], s.wt, M, zt);
                    else LanesOverRows.dots(s.cols, q * T * d, d, s.wt, M, zt);
                }
            if (buffer) for (int i = 0, base = q0 * RES; i < tiles * RES; i++) s.resB.putFloat(4 * i, (float) s.A[base + i]);
            else for (int i = 0, base = q0 * RES; i < tiles * RES; i++) res[ro + i] = (float) s.A[base + i];
            if (kind == 0) FeaturePairs.chunk(s.cols, q0, tiles, d, res, ro, g16, go);
            else if (kind == 6) FeaturePairs.chunkFmasOnly(s.cols, q0, tiles, d, res, ro, g16, go);
            else if (kind == 5) FeaturePairs.chunkTwoLoads(s.cols, q0, tiles, d, res, ro, g16, go);
            else if (kind == 4) FeaturePairs.chunkFolded(s.cols, q0, tiles, d, res, ro, g16, go, 32);
            else if (kind == 1) FeaturePairs.chunkSingle(s.cols, q0, tiles, d, res, ro, g16, go);
            else if (kind == 2) {
                FeaturePairs.lists(s.listed, q0, tiles, d, s.zero, ro, pos, ent1, 0, start1);
                FeaturePairs.chunkListed(s.listedZ, ent1, start1, d / 2, d, res, g16, go);
            } else if (buffer) FeaturePairs.chunkListedBuffer(s.listedZ, ent, starts[ci], d / 2, d, s.resB, g16, go);
            else FeaturePairs.chunkListed(s.listedZ, ent, starts[ci], d / 2, d, res, g16, go);
            pending += tiles * T;
            if (pending >= FLUSH) {
                FeaturePairs.flush(g16, go, d, G);
                pending = 0;
            }
        }
        FeaturePairs.flush(g16, go, d, G);
        sink += zt[0];
    }

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "mnist";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int n = 20000, reps = 15;
        SplittableRandom rng = new SplittableRandom(1);
        BreakdownRows rowsOf = BreakdownRows.of(data, n, 10, rng);
        DenseMatrix raw = rowsOf.raw();
        int d = raw.cols();
        ByteFeatures bf = rowsOf.bytes();
        if (d % 2 != 0 || d % FeaturePairs.R != 0) throw new IllegalStateException("d must be a multiple of the lanes");

        Setup s = new Setup();
        s.n = n;
        s.d = d;
        s.tiles = n / T;
        s.v = bf.values();
        s.cols = LanesOverRows.columnTiles(s.v, n, d);
        s.listed = LanesOverNonzeros.columns(s.v, n, d, 0); // lists even where a pass would not make them (Fashion-MNIST)
        s.zero = s.listed.bytes().length;
        s.listedZ = Arrays.copyOf(s.listed.bytes(), s.zero + T); // an all-zero column at the end
        s.blocksListed = LanesOverNonzeros.blocks(s.v, n, d, d, 0);
        System.out.printf("a pass lists the zeros of its copies here: dots %b, axpy %b (else today's pass runs the dense variants)%n",
                s.listed.zeros() >= LanesOverNonzeros.DOTS_FROM * s.listed.columns(), s.blocksListed.skipped() >= LanesOverNonzeros.AXPY_FROM * s.blocksListed.pieces());
        s.blocksDense = LanesOverNonzeros.blocks(s.v, n, d, d, Double.POSITIVE_INFINITY);
        s.A = new double[s.tiles * RES];
        for (int i = 0; i < s.A.length; i++) s.A[i] = 0.3 * rng.nextGaussian();
        s.wt = new float[d * M];
        for (int i = 0; i < s.wt.length; i++) s.wt[i] = (float) (0.01 * rng.nextGaussian());

        // the lists of every chunk of 8 and 16 tiles, made once
        int[][] entOf = new int[17][];
        int[][][] startsOf = new int[17][][];
        long[] entries = new long[17];
        for (int chunk : new int[] {8, 16}) {
            int chunks = (s.tiles + chunk - 1) / chunk;
            int[] ent = new int[3 * s.tiles * d / 2], pos = new int[chunk * d];
            int[][] starts = new int[chunks][d / 2 + 1];
            int e = 0;
            for (int q0 = 0, ci = 0; q0 < s.tiles; q0 += chunk, ci++) e += FeaturePairs.lists(s.listed, q0, Math.min(chunk, s.tiles - q0), d, s.zero, s.aligned ? 12 : 0, pos, ent, e, starts[ci]);
            entOf[chunk] = Arrays.copyOf(ent, 3 * e);
            startsOf[chunk] = starts;
            entries[chunk] = e;
        }
        // chunk 16's lists with the residuals from 0 (unaligned array, buffer)
        int[][] ent0 = new int[1][];
        int[][][] starts0 = new int[1][][];
        {
            int chunk = 16, chunks = (s.tiles + chunk - 1) / chunk;
            int[] ent = new int[3 * s.tiles * d / 2], pos = new int[chunk * d];
            starts0[0] = new int[chunks][d / 2 + 1];
            int e = 0;
            for (int q0 = 0, ci = 0; q0 < s.tiles; q0 += chunk, ci++) e += FeaturePairs.lists(s.listed, q0, Math.min(chunk, s.tiles - q0), d, s.zero, 0, pos, ent, e, starts0[0][ci]);
            ent0[0] = Arrays.copyOf(ent, 3 * e);
        }
        long pairTiles = (long) s.tiles * d / 2;
        System.out.printf("%s, %d x %d, %d tiles of %d rows: all-zero tile columns %.1f%%, tile pairs with both columns zero %.1f%% (the listed pairs' FLOPs: %.1f%% of dense), "
                + "axpy row pieces left out %.1f%%; lists made once: %.1f MB; the pairs' lanes summed every %d rows, today's flush every %d%n", data, n, d, s.tiles, T, 100.0 * s.listed.zeros() / s.listed.columns(),
                100.0 * (pairTiles - entries[8]) / pairTiles, 100.0 * entries[8] / pairTiles, 100.0 * s.blocksListed.skipped() / s.blocksListed.pieces(),
                12.0 * entries[8] / 1e6, FLUSH, TODAY_FLUSH);

        // correctness: against a double reference G[c·d + j] = Σ_i a_ic b_ij
        double[] ref = new double[M * d];
        for (int q = 0; q < s.tiles; q++)
            for (int r = 0; r < T; r++)
                for (int c = 0; c < M; c++) {
                    double a = s.A[q * RES + c * T + r];
                    for (int j = 0, src = (q * T + r) * d; j < d; j++) ref[c * d + j] += a * (s.v[src + j] & 0xFF);
                }

        String[] names = {"today: axpy, listed blocks (MNIST's pass)", "today: axpy, dense blocks", "pairs, dense copy, chunk 4", "pairs, dense copy, chunk 8",
                "pairs, dense copy, chunk 16", "one feature, 2 halves, dense, chunk 8", "pairs, listed copy, lists per chunk, 8", "pairs, listed copy, lists once, chunk 8",
                "pairs, listed copy, lists once, chunk 16", "today: dots + axpy, listed (MNIST's pass)", "pairs: dots + pairs, listed, lists per chunk, 8",
                "today: dots + axpy, dense", "pairs: dots + pairs, dense, chunk 8", "today: load + axpy via TileSweep (skip zeros)", "today: load + axpy via TileSweep (dense)", "pairs, dense copy, chunk 32", "pairs, dense copy, chunk 64",
                "pairs, dense, chunk 8, sums of 32 features (wrong)", "pairs, dense, chunk 16, sums of 32 features (wrong)",
                "today: dots alone, listed", "today: dots alone, dense", "today: axpy, dense, 8 tiles in cache", "pairs, dense, chunk 8, in cache", "pairs, dense, chunk 8, other alignment", "pairs, dense, chunk 8, in cache, other alignment",
                "pairs: dots + pairs, dense, 8, other alignment",
                "pairs: dots + pairs, listed, lists once, 8", "pairs: dots + pairs, listed, lists once, 16", "pairs: dots + pairs, dense, chunk 16",
                "pairs, listed, once, 16, nothing aligned", "pairs, listed, once, 16, residuals aligned", "pairs, listed, once, 16, residuals in aligned buffer",
                "pairs: dots + pairs, listed, once, 16, nothing aligned", "pairs: dots + pairs, listed, once, 16, residuals aligned", "pairs: dots + pairs, listed, once, 16, buffer",
                "pairs, dense, 8, in cache, 2 residual loads a step (wrong)", "pairs, dense, 8, in cache, 2 residual loads, other alignment (wrong)",
                "pairs, dense, 8, in cache, FMAs and 2 loads only (wrong)"};
        double[][] G = new double[names.length][M * d];
        Runnable[] run = new Runnable[names.length];
        run[0] = () -> today(s, s.blocksListed, null, null, G[0]);
        run[1] = () -> today(s, s.blocksDense, null, null, G[1]);
        run[2] = () -> pairs(s, 4, 0, false, null, null, G[2]);
        run[3] = () -> pairs(s, 8, 0, false, null, null, G[3]);
        run[4] = () -> pairs(s, 16, 0, false, null, null, G[4]);
        run[5] = () -> pairs(s, 8, 1, false, null, null, G[5]);
        run[6] = () -> pairs(s, 8, 2, false, null, null, G[6]);
        run[7] = () -> pairs(s, 8, 3, false, entOf[8], startsOf[8], G[7]);
        run[8] = () -> pairs(s, 16, 3, false, entOf[16], startsOf[16], G[8]);
        run[9] = () -> today(s, s.blocksListed, s.listed, s.listed.bytes(), G[9]);
        run[10] = () -> pairs(s, 8, 2, true, null, null, G[10]);
        LanesOverNonzeros.Columns denseCols = LanesOverNonzeros.columns(s.v, n, d, Double.POSITIVE_INFINITY);
        run[11] = () -> today(s, s.blocksDense, denseCols, denseCols.bytes(), G[11]);
        run[12] = () -> pairs(s, 8, 0, true, null, null, G[12]);
        double[] w = new double[M * (d + 1)], a = new double[T * M];
        for (int j = 0; j < a.length; j++) a[j] = s.A[j];
        RowKernel[] kernels = new RowKernel[2];
        for (int k = 0; k < 2; k++) {
            System.setProperty("bilevel4j.skipZeros", Boolean.toString(k == 0));
            kernels[k] = SimdSupport.bytes(bf);
        }
        System.clearProperty("bilevel4j.skipZeros");
        run[13] = TileSweep.of(kernels[0], n, M, false, false, true, w, a);
        run[14] = TileSweep.of(kernels[1], n, M, false, false, true, w, a);

        run[15] = () -> pairs(s, 32, 0, false, null, null, G[15]);
        run[16] = () -> pairs(s, 64, 0, false, null, null, G[16]);
        run[17] = () -> pairs(s, 8, 4, false, null, null, G[17]);
        run[18] = () -> pairs(s, 16, 4, false, null, null, G[18]);
        run[19] = () -> today(s, null, s.listed, s.listed.bytes(), G[19], false);
        run[20] = () -> today(s, null, denseCols, denseCols.bytes(), G[20], false);
        run[21] = () -> today(s, s.blocksDense, null, null, G[21], true);
        run[22] = () -> pairs(s, 8, 0, false, null, null, G[22], true, s.aligned);
        run[23] = () -> pairs(s, 8, 0, false, null, null, G[23], false, !s.aligned);
        run[24] = () -> pairs(s, 8, 0, false, null, null, G[24], true, !s.aligned);
        run[25] = () -> pairs(s, 8, 0, true, null, null, G[25], false, !s.aligned);
        run[26] = () -> pairs(s, 8, 3, true, entOf[8], startsOf[8], G[26]);
        run[27] = () -> pairs(s, 16, 3, true, entOf[16], startsOf[16], G[27]);
        run[28] = () -> pairs(s, 16, 0, true, null, null, G[28]);
        run[29] = () -> pairs(s, 16, 3, false, ent0[0], starts0[0], G[29], false, 0);
        run[30] = () -> pairs(s, 16, 3, false, entOf[16], startsOf[16], G[30], false, 1);
        run[31] = () -> pairs(s, 16, 3, false, ent0[0], starts0[0], G[31], false, 4);
        run[32] = () -> pairs(s, 16, 3, true, ent0[0], starts0[0], G[32], false, 0);
        run[33] = () -> pairs(s, 16, 3, true, entOf[16], startsOf[16], G[33], false, 1);
        run[34] = () -> pairs(s, 16, 3, true, ent0[0], starts0[0], G[34], false, 4);
        run[35] = () -> pairs(s, 8, 5, false, null, null, G[35], true, s.aligned);
        run[36] = () -> pairs(s, 8, 5, false, null, null, G[36], true, !s.aligned);
        run[37] = () -> pairs(s, 8, 6, false, null, null, G[37], true, s.aligned);
        for (int r = 0; r < 30; r++) for (Runnable p : run) p.run(); // JIT
        System.out.printf("pair kernels' residuals and sums 64-byte aligned: %b (\"other alignment\": %b)%n", s.aligned, !s.aligned);
        for (int i = 0; i < names.length; i++)
            if (i < 13 || i > 14 && i != 19 && i != 20 && i != 21) System.out.printf("  %-46s G: relative difference from today's (listed) %.1e, from double %.1e%n", names[i], BreakdownRows.relDiff(G[i], G[0]), BreakdownRows.relDiff(G[i], ref));
        double[] best = new double[names.length];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int round = 1; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(round + "");
            for (int i = 0; i < names.length; i++) {
                double ms = CpuClock.minMs(reps, run[i]);
                best[i] = Math.min(best[i], ms);
                line.append(String.format(" %.2f", ms));
            }
            System.out.println(line);
        }
        for (int i = 0; i < names.length; i++) {
            int base = i >= 35 ? 21 : i == 19 || i == 26 || i == 27 || i >= 32 ? 9 : i == 20 || i == 25 || i == 28 ? 11 : i == 22 || i == 24 ? 21 : i < 9 || i > 14 ? 0 : i < 11 ? 9 : i < 13 ? 11 : 13;
            System.out.printf("%2d %-46s %6.2f ms CPU (min over %d rounds of min of %d)  /%d: %.2f%n", i, names[i], best[i], rounds, reps, base, best[i] / best[base]);
        }
        for (int r = 0; r < 5; r++) sink += FmaPeak.chains(1_000_000);
        long fmaRounds = 4_000_000;
        double peak = 2.0 * FeaturePairs.R * 10 * fmaRounds / (CpuClock.minMs(5, () -> sink += FmaPeak.chains(fmaRounds)) * 1e6);
        double fmas = (double) s.tiles * T * d * M / FeaturePairs.R;
        System.out.printf("FMA peak, one thread %.0f GFLOP/s; the gradient's product, %.2f M vector FMAs dense (%.2f M listed pairs), takes %.2f ms at it (%.2f ms)%n", peak, fmas / 1e6,
                fmas * entries[8] / pairTiles / 1e6, 2 * FeaturePairs.R * fmas / peak / 1e6, 2 * FeaturePairs.R * fmas * entries[8] / pairTiles / peak / 1e6);
        if (sink == 42) System.out.print("");
    }
}
