package org.bilevel4j.model;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.bilevel4j.data.DenseMatrix;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.openblas.global.openblas_full;

/**
 * How close an optimized BLAS gets to a pass's roofline, beside our pass, on one thread by the thread's CPU clock: the two
 * matrix products of an MNIST-shaped multinomial gradient pass (20000 × 784 float32 features, 10 classes), logits Z = X·W
 * and gradient G = Xᵀ·R, each through OpenBLAS's {@code cblas_sgemm} (Bytedeco's build, one OpenBLAS thread), against
 * our float32 and 8-bit gradient passes ({@link LogisticModel#valueGrad}, which also take the softmax and the loss) and
 * the pass's 4·n·d·K FLOPs at the one-thread FMA peak measured the same way ({@link FmaPeak}). A BLAS has no product of
 * uint8 features with float weights, so its figure is for float32 features (63 MB). Not a JMH benchmark:
 * <pre>java --add-modules jdk.incubator.vector -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.BlasReference</pre>
 */
public final class BlasReference {
    private BlasReference() {}

    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112; // cblas.h's CBLAS_ORDER / CBLAS_TRANSPOSE
    private static double sink;

    public static void main(String[] args) {
        int n = 20000, d = 784, k = 10, reps = 20;
        openblas_full.openblas_set_num_threads(1);
        SplittableRandom rng = new SplittableRandom(1);
        MnistShape data = MnistShape.draw(n, d, k, rng);
        LogisticModel floats = LogisticModel.multinomial(new DenseMatrix(n, d, data.floats()), data.labels(), k, true).withPrecision(Precision.FLOAT);
        LogisticModel bytes = floats.withBytes(data.byteFeatures());
        double[] w = new double[floats.dim()], g = new double[floats.dim()];
        for (int j = 0; j < w.length; j++) w[j] = 0.01 * rng.nextGaussian();

        try (FloatPointer x = new FloatPointer(data.floats()); FloatPointer wf = new FloatPointer((long) d * k); FloatPointer z = new FloatPointer((long) n * k);
             FloatPointer r = new FloatPointer((long) n * k); FloatPointer gf = new FloatPointer((long) d * k)) {
            for (long j = 0; j < (long) d * k; j++) wf.put(j, (float) w[(int) j]);
            for (long j = 0; j < (long) n * k; j++) r.put(j, (float) (1e-5 * rng.nextGaussian()));
            Runnable logits = () -> openblas_nolapack.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, n, k, d, 1f, x, d, wf, k, 0f, z, k); // Z = X·W
            Runnable gradient = () -> openblas_nolapack.cblas_sgemm(ROW_MAJOR, TRANS, NO_TRANS, d, k, n, 1f, x, d, r, k, 0f, gf, k); // G = Xᵀ·R
            String[] names = {"sgemm Z = X·W (n×d · d×K)", "sgemm G = Xᵀ·R (d×n · n×K)", "both products", "our gradient pass, float32",
                    "our gradient pass, 8-bit"};
            Runnable[] parts = {logits, gradient, () -> { logits.run(); gradient.run(); }, () -> floats.valueGrad(w, null, null, g),
                    () -> bytes.valueGrad(w, null, null, g)};
            for (int round = 0; round < 40; round++) for (Runnable p : parts) p.run(); // JIT and OpenBLAS's buffers
            System.out.printf("OpenBLAS %s (%s), %d thread; sweep threads %d (use -Dbilevel4j.threads=1)%n", openblas_full.openblas_get_config().getString(),
                    openblas_full.openblas_get_corename().getString(), openblas_full.openblas_get_num_threads(), RowBlocks.threads());
            double[] ms = new double[parts.length];
            for (int round = 1; round <= 2; round++) // two rounds: the first may still see the JIT at work
                for (int i = 0; i < parts.length; i++) {
                    ms[i] = CpuClock.minMs(reps, parts[i]);
                    System.out.printf("%d %-34s %7.2f ms CPU (min of %d)%n", round, names[i], ms[i], reps);
                }
            long rounds = 4_000_000;
            double peak = 2.0 * FloatVector.SPECIES_PREFERRED.length() * 10 * rounds / (CpuClock.minMs(5, () -> sink += FmaPeak.chains(rounds)) * 1e6);
            double bound = 4.0 * n * d * k / peak / 1e6;
            System.out.printf("FMA peak, one thread %.0f GFLOP/s: the pass's %.2f GFLOP take %.2f ms; both sgemm %.2f× that, our passes %.2f× (float32), %.2f× (8-bit)%n",
                    peak, 4.0 * n * d * k / 1e9, bound, ms[2] / bound, ms[3] / bound, ms[4] / bound);
            sink += z.get(0) + gf.get(0);
        }
        if (sink == 42) System.out.println();
    }
}
