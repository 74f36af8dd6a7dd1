package org.bilevel4j.model;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.bilevel4j.data.DenseMatrix;

/**
 * Where a gradient pass's time goes, on one thread, by the thread's CPU clock (the figure least disturbed by other
 * processes on a shared machine): an MNIST-shaped multinomial model (20000 × 784 image-like bytes, 10 classes), the
 * passes through {@link LogisticModel} and the row kernel's parts alone (widening, dots, axpy; on fresh tiles and on
 * one tile kept in cache), against the pass's FLOPs 4·n·d·K at the one-thread FMA peak measured the same way.
 * In the package of the kernels (it calls them directly); not a JMH benchmark. Run with one sweep thread:
 * <pre>java --add-modules jdk.incubator.vector -Dbilevel4j.threads=1 -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.PassBreakdown [bytes|float]</pre>
 */
public final class PassBreakdown {
    private PassBreakdown() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static double sink;

    /** rounds × 10 independent vector FMA chains ({@link FmaPeak#chains}), on this thread. */
    private static void fmaChains(long rounds) {
        sink += FmaPeak.chains(rounds);
    }

    /** Every tile of the n rows through load and then the given parts (fresh = each tile its own rows; else tile 0 again). */
    private static Runnable tiles(RowKernel k, int n, int m, boolean fresh, boolean dots, boolean axpy, double[] w, double[] a) {
        return () -> {
            int stride = k.cols() + 1;
            RowKernel.Tiles t = k.tiles(m, stride, true, new double[m * stride]);
            int[] idx = new int[RowKernel.TILE];
            double[] z = new double[RowKernel.TILE * m];
            if (!fresh) {
                for (int q = 0; q < idx.length; q++) idx[q] = q;
                t.load(idx, idx.length);
            }
            for (int i = 0; i + RowKernel.TILE <= n; i += RowKernel.TILE) {
                if (fresh) {
                    for (int q = 0; q < idx.length; q++) idx[q] = i + q;
                    t.load(idx, idx.length);
                }
                if (dots) t.dots(w, z);
                if (axpy) t.axpy(a);
            }
            t.finish();
            sink += z[0];
        };
    }

    public static void main(String[] args) {
        boolean bytes = args.length == 0 || args[0].equals("bytes");
        int n = 20000, d = 784, k = 10, reps = 15;
        SplittableRandom rng = new SplittableRandom(1);
        MnistShape data = MnistShape.draw(n, d, k, rng);
        DenseMatrix x = new DenseMatrix(n, d, data.floats());
        ByteFeatures bf = data.byteFeatures();
        LogisticModel model = LogisticModel.multinomial(x, data.labels(), k, true).withPrecision(Precision.FLOAT);
        if (bytes) model = model.withBytes(bf);
        RowKernel kernel = bytes ? SimdSupport.bytes(bf) : SimdSupport.dense(x, Precision.FLOAT);
        if (kernel == null) throw new IllegalStateException("needs --add-modules jdk.incubator.vector");
        double[] w = new double[model.dim()], v = new double[model.dim()], g = new double[model.dim()], a = new double[RowKernel.TILE * k];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.01 * rng.nextGaussian();
            v[j] = rng.nextGaussian();
        }
        for (int j = 0; j < a.length; j++) a[j] = 1e-5 * rng.nextGaussian();
        LogisticModel mm = model;
        String[] names = {"gradient pass", "value pass", "HVP pass (kept probabilities)", "stream the features", "widen (load) alone",
                "load + dots", "load + axpy", "load + dots + axpy", "dots, one tile in cache", "axpy, one tile in cache"};
        Runnable[] parts = {() -> mm.valueGrad(w, null, null, g), () -> sink += mm.value(w, null, null), () -> mm.hvp(w, null, null, v, g),
                () -> sink += mm.streamFeatures(), tiles(kernel, n, k, true, false, false, w, a), tiles(kernel, n, k, true, true, false, w, a),
                tiles(kernel, n, k, true, false, true, w, a), tiles(kernel, n, k, true, true, true, w, a), tiles(kernel, n, k, false, true, false, w, a),
                tiles(kernel, n, k, false, false, true, w, a)};
        for (int r = 0; r < 40; r++) for (Runnable p : parts) p.run(); // JIT
        for (int r = 0; r < 5; r++) fmaChains(1_000_000);
        System.out.printf("kernel %s, sweep threads %d (use -Dbilevel4j.threads=1)%n", kernel.describe(), RowBlocks.threads());
        for (int round = 1; round <= 2; round++) // two rounds: the first may still see the JIT at work
            for (int i = 0; i < names.length; i++) System.out.printf("%d %-32s %7.2f ms CPU (min of %d)%n", round, names[i], CpuClock.minMs(reps, parts[i]), reps);
        long rounds = 4_000_000;
        double peak = 2.0 * F.length() * 10 * rounds / (CpuClock.minMs(5, () -> fmaChains(rounds)) * 1e6);
        System.out.printf("FMA peak, one thread %.0f GFLOP/s: a pass's %.2f GFLOP take %.2f ms%n", peak, 4.0 * n * d * k / 1e9, 4.0 * n * d * k / peak / 1e6);
    }
}
