package org.bilevel4j.model;

import java.util.SplittableRandom;
import org.bilevel4j.data.CsrMatrix;

/**
 * The float32 CSR kernel of binary models ({@link SparseRowsFloat}) against the double one ({@link SparseRows}) on one
 * binary logistic model, alternating in one JVM: per round the minimum over 30 gradient passes and 30 value passes of each,
 * and a gradient on a mini-batch of {@code batch} rows drawn anew each time (64 unless given), on synthetic rows
 * ({@link SparseBreakdown#synthetic}, labels uniform; {@code zipf} > 0 draws the columns with probability ∝ 1/rank^zipf, as
 * words in text, instead of uniformly):
 * <pre>java --add-modules jdk.incubator.vector -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.SparseBinaryCompare rows perRow cols [zipf [batch]]</pre>
 * e.g. {@code 19996 455 1355191 1} (news20.binary's shape), {@code 20000 150 784} (MNIST as a LIBSVM file).
 */
public final class SparseBinaryCompare {
    private SparseBinaryCompare() {}

    public static void main(String[] a) {
        int rows = Integer.parseInt(a[0]), per = Integer.parseInt(a[1]), cols = Integer.parseInt(a[2]);
        double zipf = a.length > 3 ? Double.parseDouble(a[3]) : 0;
        int batch = a.length > 4 ? Integer.parseInt(a[4]) : 64;
        SplittableRandom r = new SplittableRandom(1);
        CsrMatrix x = zipf > 0 ? SparseBreakdown.zipf(rows, per, cols, zipf, r) : SparseBreakdown.synthetic(rows, per, cols, r);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = r.nextInt(2);
        LogisticModel dbl = LogisticModel.binary(x, labels, true);
        LogisticModel flt = dbl.withPrecision(Precision.FLOAT);
        System.out.println(flt.kernel() + " / " + dbl.kernel() + ", " + x.nnz() + " stored entries, threads " + RowBlocks.threads());
        double[] w = new double[dbl.dim()], gf = new double[w.length], gd = new double[w.length];
        for (int j = 0; j < w.length; j++) w[j] = 0.1 * (r.nextDouble() - 0.5);
        double sink = 0;
        for (int round = 0; round < 6; round++) {
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
            int[] rowsOf = new int[batch];
            for (int it = 0; it < 30; it++) {
                long t0 = System.nanoTime();
                sink += flt.valueGrad(w, null, null, gf);
                long t1 = System.nanoTime();
                sink += dbl.valueGrad(w, null, null, gd);
                long t2 = System.nanoTime();
                sink += flt.value(w, null, null);
                long t3 = System.nanoTime();
                sink += dbl.value(w, null, null);
                long t4 = System.nanoTime();
                for (int q = 0; q < batch; q++) rowsOf[q] = r.nextInt(rows);
                long t5 = System.nanoTime();
                sink += flt.valueGrad(w, rowsOf, null, gf);
                long t6 = System.nanoTime();
                sink += dbl.valueGrad(w, rowsOf, null, gd);
                long t7 = System.nanoTime();
                best[4] = Math.min(best[4], t6 - t5);
                best[5] = Math.min(best[5], t7 - t6);
                best[0] = Math.min(best[0], t1 - t0);
                best[1] = Math.min(best[1], t2 - t1);
                best[2] = Math.min(best[2], t3 - t2);
                best[3] = Math.min(best[3], t4 - t3);
            }
            sink += flt.valueGrad(w, null, null, gf) + dbl.valueGrad(w, null, null, gd);
            double diff = 0, norm = 0;
            for (int j = 0; j < w.length; j++) {
                diff = Math.max(diff, Math.abs(gf[j] - gd[j]));
                norm = Math.max(norm, Math.abs(gd[j]));
            }
            System.out.printf("gradient pass: float %.3f double %.3f ms | value pass: float %.3f double %.3f ms | batch of %d: float %.1f double %.1f us | gradient rel. diff %.1e%n",
                    best[0] / 1e6, best[1] / 1e6, best[2] / 1e6, best[3] / 1e6, batch, best[4] / 1e3, best[5] / 1e3, diff / norm);
        }
        if (sink == 42) System.out.println();
    }
}
