package org.bilevel4j.model;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.tasks.SpamDecay;

/**
 * Where a CSR gradient pass's time goes, on one thread, by the thread's CPU clock (the figure least disturbed by other
 * processes on a shared machine): the binary logistic model of {@code weightdecay} on spam-shaped rows (10726 columns,
 * 259 distinct uniformly random columns per row on average, as {@code SparseKernelBenchmarks}; or the spam training
 * part itself), the passes through {@link LogisticModel} against the stream of the CSR arrays, and the kernel's parts
 * alone: the dot products, the scatter, the per-row loss; and two other readings of the same bytes, as ints and one
 * load per cache line, which show how far the stream is from the memory system's own bound. Run with one sweep thread:
 * <pre>java -Xms1g -Xmx1g -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.SparseBreakdown [rows|spam] [passes]</pre>
 * rows: synthetic rows (default 2418, spam's training part; {@code -Dcols=1500} makes w and g fit L1); spam: the real
 * training part (needs the data set); {@code passes}: only the passes and the stream. Every part is timed for the double
 * kernel and the float32 one ({@link Precision#FLOAT}, {@link SparseRowsFloat}), the two alternating in one JVM. On the shared 2-core machine
 * the dots and the scatter (not the stream) came out up to 2× slower in some JVMs than in others, with a fixed heap as
 * with a growing one: compare builds over several runs, or in one JVM. The tile parts ("dots alone", "scatter alone")
 * read about 0.1 ms above what the passes' own calls take; the scatter's share of a pass is gradient − value pass.
 */
public final class SparseBreakdown {
    private SparseBreakdown() {}

    private static double sink;

    /** Spam-shaped synthetic rows (row lengths uniform in [1, 2·perRow − 1], distinct uniformly random columns); also {@code SparseKernelBenchmarks}'s. */
    public static CsrMatrix synthetic(int rows, int perRow, int cols, SplittableRandom r) {
        return rows(rows, perRow, cols, cols, () -> r.nextInt(cols), r);
    }

    /**
     * As {@link #synthetic}, but column c drawn with probability ∝ 1/(1 + rank(c))^s, the ranks a random permutation of the
     * columns (word frequencies in text follow s ≈ 1): a few features stored in most rows, most in a handful. Rows store at
     * most half the columns, so that drawing distinct ones ends.
     */
    public static CsrMatrix zipf(int rows, int perRow, int cols, double s, SplittableRandom r) {
        double[] cdf = new double[cols];
        double sum = 0;
        for (int k = 0; k < cols; k++) cdf[k] = sum += Math.pow(1 + k, -s);
        int[] rank = new int[cols];
        for (int k = 0; k < cols; k++) rank[k] = k;
        for (int k = cols - 1; k > 0; k--) {
            int j = r.nextInt(k + 1), t = rank[k];
            rank[k] = rank[j];
            rank[j] = t;
        }
        double total = sum;
        return rows(rows, perRow, cols, cols / 2, () -> {
            int k = Arrays.binarySearch(cdf, r.nextDouble() * total);
            return rank[Math.min(cols - 1, k < 0 ? -k - 1 : k)];
        }, r);
    }

    /**
     * Rows of lengths uniform in [1, 2·perRow − 1] (at most maxLen), each of distinct columns drawn from column (a repeat
     * is drawn again), sorted, with values uniform in [0, 1).
     */
    private static CsrMatrix rows(int rows, int perRow, int cols, int maxLen, java.util.function.IntSupplier column, SplittableRandom r) {
        int[] ptr = new int[rows + 1], col = new int[rows * 2 * perRow];
        float[] val = new float[col.length];
        boolean[] used = new boolean[cols];
        int nnz = 0;
        for (int i = 0; i < rows; i++) {
            int len = Math.min(maxLen, 1 + r.nextInt(2 * perRow - 1)), start = nnz;
            while (nnz - start < len) {
                int c = column.getAsInt();
                if (used[c]) continue;
                used[c] = true;
                col[nnz] = c;
                val[nnz++] = (float) r.nextDouble();
            }
            Arrays.sort(col, start, nnz);
            for (int k = start; k < nnz; k++) used[col[k]] = false;
            ptr[i + 1] = nnz;
        }
        return new CsrMatrix(rows, cols, ptr, Arrays.copyOf(col, nnz), Arrays.copyOf(val, nnz));
    }

    /** Every tile of the n rows through the given parts of the kernel (one output, no bias). */
    private static Runnable tiles(RowKernel k, boolean dots, boolean axpy, double[] w, double[] a) {
        return () -> {
            int n = k.rows();
            RowKernel.Tiles t = k.tiles(1, k.cols(), false, new double[k.cols()]);
            int[] idx = new int[RowKernel.TILE];
            double[] z = new double[RowKernel.TILE];
            for (int i = 0; i + RowKernel.TILE <= n; i += RowKernel.TILE) {
                for (int q = 0; q < idx.length; q++) idx[q] = i + q;
                t.load(idx, idx.length);
                if (dots) t.dots(w, z);
                if (axpy) t.axpy(a);
            }
            t.finish();
            sink += z[0];
        };
    }

    /**
     * The CSR arrays read as ints in one loop (no float additions): what reading every stored entry costs when the
     * reading is not limited by arithmetic, unlike {@link LogisticModel#streamFeatures}'s eight float sums.
     */
    static double intStream(CsrMatrix x) {
        int[] col = x.colIdx(), ptr = x.rowPtr();
        float[] val = x.values();
        int s = 0;
        for (int q = 0; q < col.length; q++) s += col[q] + Float.floatToRawIntBits(val[q]);
        for (int p : ptr) s += p;
        return s;
    }

    /** One load per 64-byte line of the CSR arrays: the memory traffic of a pass, with the prefetchers doing the rest. */
    static double lineTouch(CsrMatrix x) {
        int[] col = x.colIdx(), ptr = x.rowPtr();
        float[] val = x.values();
        int s = 0;
        for (int q = 0; q < col.length; q += 16) s += col[q] + Float.floatToRawIntBits(val[q]);
        for (int i = 0; i < ptr.length; i += 16) s += ptr[i];
        return s;
    }

    public static void main(String[] args) {
        boolean spam = args.length > 0 && args[0].equals("spam"), passesOnly = args.length > 1 && args[1].equals("passes");
        int reps = 30, rounds = Integer.getInteger("rounds", 10);
        SplittableRandom rng = new SplittableRandom(1);
        CsrMatrix x;
        int[] labels;
        if (spam) {
            LabeledData train = SpamDecay.parts(0.2, 5, 0).get(0);
            x = (CsrMatrix) train.x();
            labels = train.labels();
        } else {
            int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2418;
            x = synthetic(rows, 259, Integer.getInteger("cols", 10726), rng);
            labels = new int[rows];
            for (int i = 0; i < rows; i++) labels[i] = rng.nextInt(2);
        }
        LogisticModel model = LogisticModel.binary(x, labels, false), modelF = model.withPrecision(Precision.FLOAT);
        RowKernel kernel = RowKernel.of(x, Precision.DOUBLE, 1), kernelF = RowKernel.of(x, Precision.FLOAT, 1);
        int n = x.rows();
        double[] w = new double[model.dim()], g = new double[model.dim()], a = new double[RowKernel.TILE], z = new double[n], p = new double[1];
        for (int j = 0; j < w.length; j++) w[j] = rng.nextDouble() - 0.5;
        for (int j = 0; j < a.length; j++) a[j] = 1e-3 * rng.nextGaussian();
        for (int i = 0; i < n; i++) z[i] = 4 * rng.nextGaussian();
        String[] names = {"gradient pass", "value pass", "stream the CSR arrays", "gradient pass, float32", "value pass, float32",
                "dots alone", "scatter (axpy) alone", "dots + scatter", "dots alone, float32", "scatter alone, float32", "dots + scatter, float32",
                "sigmoid loss alone (n rows)", "Math.log1p alone (n rows)",
                "CSR bytes as ints, one loop", "one load per 64-byte line"};
        Runnable[] parts = {() -> sink += model.valueGrad(w, null, null, g), () -> sink += model.value(w, null, null), () -> sink += model.streamFeatures(),
                () -> sink += modelF.valueGrad(w, null, null, g), () -> sink += modelF.value(w, null, null),
                tiles(kernel, true, false, w, a), tiles(kernel, false, true, w, a), tiles(kernel, true, true, w, a),
                tiles(kernelF, true, false, w, a), tiles(kernelF, false, true, w, a), tiles(kernelF, true, true, w, a),
                () -> {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += LogisticModel.sigmoidLoss(z[i], labels[i], p, 0);
                    sink += s + p[0];
                },
                () -> {
                    double s = 0;
                    for (int i = 0; i < n; i++) s += Math.log1p(Math.exp(-Math.abs(z[i])));
                    sink += s;
                },
                () -> sink += intStream(x), () -> sink += lineTouch(x)};
        int shown = passesOnly ? 5 : names.length;
        for (int r = 0; r < 200; r++) for (int i = 0; i < shown; i++) parts[i].run(); // JIT
        System.out.printf("%s, %d x %d, %d stored entries (%.1f per row), %.2f MB a pass reads; sweep threads %d (use -Dbilevel4j.threads=1)%n",
                kernel.describe(), n, x.cols(), x.nnz(), (double) x.nnz() / n, model.featureBytes() / 1e6, RowBlocks.threads());
        double[] best = new double[shown];
        java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int r = 0; r < rounds; r++) // the parts alternate: each round takes every part's min of reps runs
            for (int i = 0; i < shown; i++) best[i] = Math.min(best[i], CpuClock.minMs(reps, parts[i]));
        for (int i = 0; i < shown; i++) System.out.printf("%-30s %7.3f ms CPU (min of %d)%n", names[i], best[i], reps * rounds);
        System.out.printf("gradient pass / stream %.2f, value pass / stream %.2f; float32: %.2f, %.2f%n", best[0] / best[2], best[1] / best[2],
                best[3] / best[2], best[4] / best[2]);
        if (!passesOnly)
            System.out.printf("gradient pass / int stream %.2f, gradient pass / line loads %.2f%n", best[0] / best[shown - 2], best[0] / best[shown - 1]);
    }
}
