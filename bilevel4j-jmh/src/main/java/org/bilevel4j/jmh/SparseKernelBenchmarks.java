package org.bilevel4j.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.model.LogisticModel;
import org.bilevel4j.model.Precision;
import org.bilevel4j.model.SparseBreakdown;
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
 * The CSR kernel on a binary logistic model shaped like the spam tf-idf rows (10726 columns, 259 stored entries per row
 * on average, distinct uniformly random columns), ten times the spam training part by default: one gradient pass, one
 * value pass (the dot products only), and streaming the CSR arrays a pass reads (columns, values, row pointers; its
 * memory-bound reference), to compare in one run; {@code -p precision=double,float} the double CSR kernel and the float32 one.
 * {@code -p classes=10} makes the model multinomial (random labels); in float32 it then runs {@code SparseRowsClassLanes}
 * (the classes in vector lanes), or with {@code -p lanes=false} the scalar float32 kernel, one pass over the row's entries
 * per class. For MNIST as a LIBSVM file: {@code -p rows=20000 -p perRow=150 -p cols=784 -p classes=10}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class SparseKernelBenchmarks {
    @Param({"24180"})
    public int rows;

    @Param({"259"})
    public int perRow;

    @Param({"10726"})
    public int cols;

    @Param({"double", "float"})
    public String precision;

    @Param({"1"})
    public int classes;

    @Param({"true"})
    public boolean lanes;

    private LogisticModel model;
    private double[] w, g;

    @Setup public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        CsrMatrix x = SparseBreakdown.synthetic(rows, perRow, cols, r);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = r.nextInt(Math.max(classes, 2));
        System.setProperty("bilevel4j.simd", Boolean.toString(lanes));
        LogisticModel m = classes == 1 ? LogisticModel.binary(x, labels, false) : LogisticModel.multinomial(x, labels, classes, false);
        model = m.withPrecision(Precision.parse(precision));
        System.out.println("kernel: " + model.kernel());
        w = new double[model.dim()];
        g = new double[model.dim()];
        for (int j = 0; j < w.length; j++) w[j] = r.nextDouble() - 0.5;
    }

    @Benchmark public double gradientPass() { return model.valueGrad(w, null, null, g); }

    @Benchmark public double valuePass() { return model.value(w, null, null); }

    @Benchmark public double streamFeatures() { return model.streamFeatures(); }
}
