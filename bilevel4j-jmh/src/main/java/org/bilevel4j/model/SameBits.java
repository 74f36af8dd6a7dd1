package org.bilevel4j.model;

import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;

/**
 * Whether a kernel's bits depend on the JIT: the gradient of one 8-bit model (2003 × 784 MNIST-shaped bytes, 10
 * classes; 2003 rows leave a last partial tile, which goes through the float32 kernel's path) at one point, N times,
 * each compared bit for bit with the first (computed before C2 has compiled anything), for the dense copy and for the
 * one that skips zero bytes, then the same for the float32 and the double kernel of the float features. Every evaluation
 * should be the same; on JDK 25, while the kernels summed lanes with {@code reduceLanes(ADD)}, most were not (README,
 * "Which Java"). Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.SameBits 300</pre>
 */
public final class SameBits {
    private SameBits() {}

    /** The 8-bit model of the data, its kernel made with zero-skipping on or off and the rows in their natural order. */
    private static LogisticModel model(MnistShape data, boolean skip) {
        System.setProperty("bilevel4j.skipZeros", Boolean.toString(skip));
        System.setProperty("bilevel4j.rowOrder", "false");
        try {
            return LogisticModel.multinomial(new DenseMatrix(data.n(), data.d(), data.floats()), data.labels(), data.classes(), false)
                    .withPrecision(Precision.FLOAT).withBytes(data.byteFeatures());
        } finally {
            System.clearProperty("bilevel4j.skipZeros");
            System.clearProperty("bilevel4j.rowOrder");
        }
    }

    /** The number of evaluations of m's gradient at w, of the given count, whose bits differ from first's. */
    private static int differing(LogisticModel m, double[] w, double[] first, int evaluations) {
        double[] g = new double[w.length];
        int differ = 0;
        for (int e = 0; e < evaluations; e++) {
            java.util.Arrays.fill(g, 0);
            m.valueGrad(w, null, null, g);
            for (int j = 0; j < g.length; j++)
                if (Double.doubleToLongBits(g[j]) != Double.doubleToLongBits(first[j])) {
                    differ++;
                    break;
                }
        }
        return differ;
    }

    public static void main(String[] args) {
        int evaluations = args.length == 0 ? 300 : Integer.parseInt(args[0]);
        SplittableRandom rng = new SplittableRandom(5);
        MnistShape data = MnistShape.draw(2003, 784, 10, rng);
        LogisticModel dense = model(data, false), skip = model(data, true);
        LogisticModel dbl = LogisticModel.multinomial(new DenseMatrix(data.n(), data.d(), data.floats()), data.labels(), data.classes(), false);
        LogisticModel flt = dbl.withPrecision(Precision.FLOAT);
        double[] w = new double[dense.dim()], first = new double[w.length], firstFloat = first.clone(), firstDouble = first.clone();
        for (int j = 0; j < w.length; j++) w[j] = 0.1 * rng.nextGaussian();
        dense.valueGrad(w, null, null, first);
        flt.valueGrad(w, null, null, firstFloat);
        dbl.valueGrad(w, null, null, firstDouble);
        int d = differing(dense, w, first, evaluations), s = differing(skip, w, first, evaluations);
        int f = differing(flt, w, firstFloat, evaluations), b = differing(dbl, w, firstDouble, evaluations);
        System.out.printf("%s: of %d gradients after the first, %d differ in the dense copy, %d in the zero-skipping one; "
                + "float32 kernel %d, double kernel %d%n", System.getProperty("java.vm.version"), evaluations, d, s, f, b);
    }
}
