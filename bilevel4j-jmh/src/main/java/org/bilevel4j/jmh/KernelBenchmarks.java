package org.bilevel4j.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.Standardizer;
import org.bilevel4j.model.ByteFeatures;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.Precision;
import org.bilevel4j.model.SimdSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The row kernels on an MNIST-shaped multinomial model (image-like bytes, standardized; 10 classes): one gradient pass,
 * one HVP pass, and streaming the feature bytes a pass reads, for each kernel (double, float32, float32 over 8-bit
 * features); plus the machine's float32 FMA peak on every core (reported as the time of 10⁷ rounds of 10 vector FMAs
 * per thread; GFLOP/s = 2 · lanes · 10⁸ · threads / time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KernelBenchmarks {
    @Param({"double", "float", "bytes"})
    public String kernel;

    @Param({"20000"})
    public int rows;

    @Param({"784"})
    public int features;

    /** The float kernels' softmax exponentials with vectors (true) or Math.exp (false, the previous code): both in one run. */
    @Param({"true"})
    public String vectorExp;

    private LogisticModel model;
    private double[] w, v, g;

    @Setup public void setup() {
        System.setProperty("bilevel4j.vectorExp", vectorExp); // read when the kernel is made
        SplittableRandom r = new SplittableRandom(1);
        float[] px = new float[rows * features];
        for (int k = 0; k < px.length; k++) px[k] = r.nextInt(3) == 0 ? r.nextInt(256) : 0;
        DenseMatrix raw = new DenseMatrix(rows, features, px);
        Standardizer z = Standardizer.fit(raw);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = r.nextInt(10);
        model = LogisticModel.multinomial(z.apply(raw), labels, 10, false);
        if (!kernel.equals("double")) model = model.withPrecision(Precision.FLOAT);
        if (kernel.equals("bytes")) model = model.withBytes(ByteFeatures.of(raw, z));
        w = new double[model.dim()];
        v = new double[model.dim()];
        g = new double[model.dim()];
        for (int j = 0; j < w.length; j++) {
            w[j] = 0.01 * (r.nextDouble() - 0.5);
            v[j] = r.nextDouble() - 0.5;
        }
    }

    @Benchmark public double gradientPass() { return model.valueGrad(w, null, null, g); }

    /** The logits and the softmax only (no gradient): with gradientPass, how the pass splits between its two halves. */
    @Benchmark public double valuePass() { return model.value(w, null, null); }

    @Benchmark public double[] hvpPass() {
        model.valueGrad(w, null, null, g); // the probabilities the HVP reuses, as in CG
        model.hvp(w, null, null, v, g);
        return g;
    }

    @Benchmark public double streamFeatures() { return model.streamFeatures(); }

    /** 10⁷ rounds of 10 float32 vector FMAs on every core; the return value is the GFLOP/s of that run. */
    @Benchmark @Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
    public double fmaPeak() { return SimdSupport.fmaPeakGflops(Runtime.getRuntime().availableProcessors(), 10_000_000); }
}
