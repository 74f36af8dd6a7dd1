package org.bilevel4j.model;
import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Standardizer;
/**
 * Whether a kernel's bits depend on the JIT: the gradient of one 8-bit model (2003 × 784 image-like bytes, 10 classes,
 * rows in their natural order) at one point, N times, each compared bit for bit with the first (computed before C2 has
 * compiled anything), for the dense copy and for the one that skips zero bytes. Every evaluation should be the same;
 * on JDK 25 without {@code -XX:DisableIntrinsic=_VectorReductionCoerced} 296 of 300 were not (README, "Which Java").
 * Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.SameBits 300</pre>
 */
public final class SameBits {
    private SameBits() {}

    static byte[] image(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] v = new byte[n * d];
        for (int i = 0; i < n; i++) {
            int lo = r.nextInt(d), len = Math.max(1, d / 3);
            for (int j = 0; j < d; j++) {
                boolean lit = (j - lo + d) % d < len && j % 7 != 0 && j >= d / 8;
                v[i * d + j] = (byte) (lit && r.nextInt(3) != 0 ? 1 + r.nextInt(255) : 0);
            }
        }
        return v;
    }
    static LogisticModel model(DenseMatrix raw, int[] labels, int k, boolean skip) {
        System.setProperty("bilevel4j.skipZeros", Boolean.toString(skip));
        System.setProperty("bilevel4j.rowOrder", "false");
        Standardizer st = Standardizer.fit(raw);
        DenseMatrix x = (DenseMatrix) st.apply(raw);
        LogisticModel m = LogisticModel.multinomial(x, labels, k, false).withPrecision(Precision.FLOAT).withBytes(ByteFeatures.of(raw, st));
        System.clearProperty("bilevel4j.skipZeros");
        System.clearProperty("bilevel4j.rowOrder");
        return m;
    }
    public static void main(String[] a) {
        int evaluations = a.length == 0 ? 300 : Integer.parseInt(a[0]);
        int n = 2003, d = 784, k = 10;
        byte[] b = image(n, d, n + d);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) v[i] = b[i] & 0xFF;
        DenseMatrix raw = new DenseMatrix(n, d, v);
        int[] labels = new int[n];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < n; i++) labels[i] = r.nextInt(k);
        LogisticModel dense = model(raw, labels, k, false), skip = model(raw, labels, k, true);
        double[] w = new double[dense.dim()];
        for (int j = 0; j < w.length; j++) w[j] = 0.1 * r.nextGaussian();
        double[] g0 = new double[w.length], g = new double[w.length], s = new double[w.length];
        dense.valueGrad(w, null, null, g0);
        int denseDiff = 0, skipDiff = 0;
        for (int it = 0; it < evaluations; it++) {
            java.util.Arrays.fill(g, 0); dense.valueGrad(w, null, null, g);
            for (int j = 0; j < g.length; j++) if (Double.doubleToLongBits(g[j]) != Double.doubleToLongBits(g0[j])) { denseDiff++; if (denseDiff < 4) System.out.println("dense it " + it + " j " + j + " " + g[j] + " vs " + g0[j]); break; }
            java.util.Arrays.fill(s, 0); skip.valueGrad(w, null, null, s);
            for (int j = 0; j < g.length; j++) if (Double.doubleToLongBits(s[j]) != Double.doubleToLongBits(g0[j])) { skipDiff++; if (skipDiff < 4) System.out.println("skip it " + it + " j " + j + " " + s[j] + " vs " + g0[j]); break; }
        }
        System.out.printf("%s: of %d gradients after the first, %d differ in the dense copy, %d in the zero-skipping one%n", System.getProperty("java.vm.version"), evaluations, denseDiff, skipDiff);
    }
}
