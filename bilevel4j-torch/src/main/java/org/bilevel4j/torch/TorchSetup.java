package org.bilevel4j.torch;

import org.bilevel4j.solver.Options;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Tensor type and device of a torch problem: float32 by default, float64 with {@code precision=double} (the
 * exactness tests run in float64). Creates the data tensors and copies vectors in and out.
 */
public record TorchSetup(boolean doublePrecision, Device device) {
    public static TorchSetup floats() { return new TorchSetup(false, Device.cpu); }

    public static TorchSetup doubles() { return new TorchSetup(true, Device.cpu); }

    /** Reads {@code precision=float|double}, {@code device=cpu} and {@code threads=N} (libtorch intra-op threads). */
    public static TorchSetup from(Options o) {
        boolean dbl = o.choice("precision", "float", "torch backend: tensor type float32 (default) or float64", "float", "double").equals("double");
        Device d = Device.parse(o.getString("device", "cpu", "torch backend: where tensors live (cpu only for now)"));
        int threads = o.getInt("threads", Torch.defaultThreads(), 1, "torch backend: libtorch intra-op threads (default: the cores, or the bilevel4j.torch.threads property)");
        Torch.threads(threads);
        return new TorchSetup(dbl, d);
    }

    public ScalarType dtype() { return doublePrecision ? ScalarType.Double : ScalarType.Float; }

    /** Tensor options of this setup (the device would be added here). */
    public TensorOptions options() {
        Torch.load();
        return new TensorOptions(dtype());
    }

    /** A tensor of this setup's type holding a copy of {@code values} (row-major, shape {@code shape}). */
    public Tensor tensor(double[] values, long... shape) {
        Torch.load();
        long n = 1;
        for (long s : shape) n *= s;
        if (n != values.length) throw new IllegalArgumentException("tensor of shape " + java.util.Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
        return vector(values).view(shape);
    }

    /**
     * A fresh 1-D tensor of this setup's type holding {@code values}: one allocation by libtorch and bulk copies into
     * it (float32: converted in Java, a block at a time), no intermediate native array.
     */
    public Tensor vector(double[] values) {
        int n = values.length;
        Tensor t = torch.empty(new long[] {n}, new TensorOptions(dtype()), new MemoryFormatOptional());
        if (n == 0) return t;
        if (doublePrecision) {
            new DoublePointer(t.data_ptr()).put(values, 0, n);
            return t;
        }
        FloatPointer p = new FloatPointer(t.data_ptr());
        float[] block = new float[Math.min(BLOCK, n)];
        for (int off = 0; off < n; off += BLOCK) {
            int len = Math.min(BLOCK, n - off);
            for (int i = 0; i < len; i++) block[i] = (float) values[off + i];
            p.position(off).put(block, 0, len);
        }
        java.lang.ref.Reference.reachabilityFence(t); // outside a pointer scope, t alone keeps the memory being written
        return t;
    }

    private static final int BLOCK = 1 << 14;

    /** A long tensor of indices (class labels, sample indices). */
    public static Tensor longs(int[] values) {
        Torch.load();
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) l[i] = values[i];
        return torch.from_blob(new LongPointer(l), new long[] {l.length}, new TensorOptions(ScalarType.Long)).clone();
    }

    /** Copies a tensor out as doubles (length {@code n}); an undefined tensor (unused input) reads as zeros. */
    public static double[] read(Tensor t, int n) {
        double[] out = new double[n];
        if (t == null || t.isNull() || !t.defined()) return out;
        if (t.numel() != n) throw new IllegalStateException("tensor has " + t.numel() + " values, expected " + n);
        if (n == 0) return out;
        Tensor d = t.detach();
        if (d.scalar_type() == ScalarType.Float) { // widened in Java a block at a time, no double copy in native memory
            d = d.contiguous();
            FloatPointer p = new FloatPointer(d.data_ptr());
            float[] block = new float[Math.min(BLOCK, n)];
            for (int off = 0; off < n; off += BLOCK) {
                int len = Math.min(BLOCK, n - off);
                p.position(off).get(block, 0, len);
                for (int i = 0; i < len; i++) out[off + i] = block[i];
            }
            java.lang.ref.Reference.reachabilityFence(d); // outside a pointer scope, d alone keeps the memory being read
            return out;
        }
        d = d.to(ScalarType.Double).contiguous();
        new DoublePointer(d.data_ptr()).get(out, 0, n);
        java.lang.ref.Reference.reachabilityFence(d);
        return out;
    }
}
