package org.bilevel4j.model;

import java.util.SplittableRandom;
import org.bilevel4j.data.CsrMatrix;

/**
 * The float32 CSR kernel with the classes in vector lanes ({@link SparseRowsClassLanes}) against the scalar one
 * ({@link SparseRowsFloat}) on one multinomial model, the two alternating in one JVM: per round the minimum over 30
 * gradient passes and 30 value passes of each, on synthetic rows ({@link SparseBreakdown#synthetic}, labels uniform):
 * <pre>java --add-modules jdk.incubator.vector -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.SparseLanesCompare rows perRow cols classes</pre>
 * e.g. {@code 20000 150 784 10} (MNIST as a LIBSVM file). Where {@code SparseRowsClassLanes.suits} says no, both models
 * run the scalar kernel (the first line says which kernels ran).
 */
public final class SparseLanesCompare {
    private SparseLanesCompare() {}

    public static void main(String[] a) {
        int rows = Integer.parseInt(a[0]), per = Integer.parseInt(a[1]), cols = Integer.parseInt(a[2]), classes = Integer.parseInt(a[3]);
        SplittableRandom r = new SplittableRandom(1);
        CsrMatrix x = SparseBreakdown.synthetic(rows, per, cols, r);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = r.nextInt(classes);
        String old = System.getProperty("bilevel4j.simd");
        System.setProperty("bilevel4j.simd", "true");
        LogisticModel lanes = LogisticModel.multinomial(x, labels, classes, false).withPrecision(Precision.FLOAT);
        System.setProperty("bilevel4j.simd", "false");
        LogisticModel scalar = LogisticModel.multinomial(x, labels, classes, false).withPrecision(Precision.FLOAT);
        if (old == null) System.clearProperty("bilevel4j.simd"); else System.setProperty("bilevel4j.simd", old);
        System.out.println(lanes.kernel() + " / " + scalar.kernel());
        double[] w = new double[lanes.dim()], g = new double[w.length];
        for (int j = 0; j < w.length; j++) w[j] = r.nextDouble() - 0.5;
        double sink = 0;
        for (int round = 0; round < 6; round++) {
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
            for (int it = 0; it < 30; it++) {
                long t0 = System.nanoTime();
                sink += lanes.valueGrad(w, null, null, g);
                long t1 = System.nanoTime();
                sink += scalar.valueGrad(w, null, null, g);
                long t2 = System.nanoTime();
                sink += lanes.value(w, null, null);
                long t3 = System.nanoTime();
                sink += scalar.value(w, null, null);
                long t4 = System.nanoTime();
                best[0] = Math.min(best[0], t1 - t0);
                best[1] = Math.min(best[1], t2 - t1);
                best[2] = Math.min(best[2], t3 - t2);
                best[3] = Math.min(best[3], t4 - t3);
            }
            System.out.printf("gradient pass: lanes %.3f scalar %.3f ms | value pass: lanes %.3f scalar %.3f ms%n",
                    best[0] / 1e6, best[1] / 1e6, best[2] / 1e6, best[3] / 1e6);
        }
        if (sink == 42) System.out.println();
    }
}
