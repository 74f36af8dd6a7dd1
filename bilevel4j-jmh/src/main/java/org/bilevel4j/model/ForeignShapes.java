package org.bilevel4j.model;

import java.util.SplittableRandom;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.bilevel4j.data.DenseMatrix;

/**
 * What Vector API code of other shapes in the same JVM does to a SIMD kernel's gradient passes (8-bit by default). Before, after or
 * without the model's passes, it runs 256- and 128-bit float, int and byte vectors through the API's common operations
 * (fromArray, fma, add, a byte-to-float conversion, intoArray), as a user's own code or another library would; then it
 * times 6 rounds of 100 gradient passes of an MNIST-shaped model (20000 × 784 bytes, 10 classes), the first round
 * untimed by the JIT's standards (it compiles then). Not a JMH benchmark: the effect is on how C2 compiles the kernels,
 * once per JVM, so each configuration is its own JVM (README, "Vectors across a call"):
 * <pre>java --add-modules jdk.incubator.vector -cp bilevel4j-jmh/target/benchmarks.jar org.bilevel4j.model.ForeignShapes [none|before|after] [bytes|float|double]</pre>
 */
public final class ForeignShapes {
    private ForeignShapes() {}

    private static float sink;

    /** 20000 rounds of common operations on vectors of species f, in and b. */
    private static void otherShape(VectorSpecies<Float> f, VectorSpecies<Integer> in, VectorSpecies<Byte> b) {
        float[] a = new float[64], c = new float[64];
        byte[] t = new byte[64];
        for (int i = 0; i < 20000; i++) {
            FloatVector x = FloatVector.fromArray(f, a, 0), y = FloatVector.fromArray(f, c, 0);
            IntVector iv = (IntVector) ByteVector.fromArray(b, t, 0).convertShape(VectorOperators.B2I, in, 0);
            FloatVector w = (FloatVector) iv.and(0xFF).convertShape(VectorOperators.I2F, f, 0);
            x.fma(y, x).add(w).intoArray(a, 0);
        }
        sink += a[0];
    }

    private static void otherShapes() {
        otherShape(FloatVector.SPECIES_256, IntVector.SPECIES_256, ByteVector.SPECIES_64);
        otherShape(FloatVector.SPECIES_128, IntVector.SPECIES_128, ByteVector.SPECIES_64);
    }

    public static void main(String[] args) {
        String when = args.length == 0 ? "before" : args[0];
        if (!when.equals("none") && !when.equals("before") && !when.equals("after"))
            throw new IllegalArgumentException("give none, before or after, not " + when);
        String kernel = args.length < 2 ? "bytes" : args[1];
        if (!kernel.equals("bytes") && !kernel.equals("float") && !kernel.equals("double"))
            throw new IllegalArgumentException("give the kernel as bytes, float or double, not " + kernel);
        if (when.equals("before")) otherShapes();
        int n = 20000, d = 784, k = 10;
        SplittableRandom rng = new SplittableRandom(1);
        MnistShape data = MnistShape.draw(n, d, k, rng);
        LogisticModel model = LogisticModel.multinomial(new DenseMatrix(n, d, data.floats()), data.labels(), k, true);
        if (!kernel.equals("double")) model = model.withPrecision(Precision.FLOAT);
        if (kernel.equals("bytes")) model = model.withBytes(data.byteFeatures());
        double[] w = new double[model.dim()], g = new double[model.dim()];
        for (int j = 0; j < w.length; j++) w[j] = 0.01 * rng.nextGaussian();
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < 6; round++) {
            if (round == 2 && when.equals("after")) otherShapes();
            long t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) model.valueGrad(w, null, null, g);
            rounds.append(String.format(" %.2f", (System.nanoTime() - t0) / 1e8));
        }
        System.out.printf("%s kernel, other shapes %s the passes, sweep threads %d; ms per gradient pass, rounds of 100:%s%n", kernel, when, RowBlocks.threads(), rounds);
    }
}
