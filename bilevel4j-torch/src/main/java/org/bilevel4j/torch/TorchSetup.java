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

    /** A fresh 1-D tensor of this setup's type holding {@code values} (one allocation by libtorch, then {@link #write}). */
    public Tensor vector(double[] values) {
        Tensor t = torch.empty(new long[] {values.length}, new TensorOptions(dtype()), new MemoryFormatOptional());
        write(t, values);
        return t;
    }

    /**
     * Copies {@code values} into the memory of {@code t}, a contiguous 1-D tensor of this setup's type and length: one
     * bulk copy in float64; in float32 chunks narrowed in Java and bulk-copied ({@link #CHUNK}).
     * Allocates nothing, in Java or native memory (the problems' oracles write their reused leaves with it).
     */
    public void write(Tensor t, double[] values) {
        int n = values.length;
        if (t.numel() != n || !t.is_contiguous() || t.scalar_type().intern() != dtype())
            throw new IllegalArgumentException("cannot write " + n + " values into a tensor of " + t.numel() + " " + t.scalar_type().intern());
        if (n == 0) return;
        if (doublePrecision) new DoublePointer(t.data_ptr()).put(values, 0, n);
        else {
            FloatPointer p = new FloatPointer(t.data_ptr());
            float[] chunk = CHUNK.get();
            for (int off = 0; off < n; off += chunk.length) { // narrowed in Java a chunk at a time, then one bulk copy each
                int len = Math.min(chunk.length, n - off);
                for (int i = 0; i < len; i++) chunk[i] = (float) values[off + i];
                p.position(off).put(chunk, 0, len);
            }
        }
        java.lang.ref.Reference.reachabilityFence(t); // outside a pointer scope, t alone keeps the memory being written
    }

    /**
     * The float32 copies' staging buffer (64 KB a thread): one JNI bulk copy per chunk instead of a buffer view's
     * per-element get / put, which stays slow until C2 compiles it (about 4 ms for conv-4's 112 k values in a short run).
     */
    private static final ThreadLocal<float[]> CHUNK = ThreadLocal.withInitial(() -> new float[16384]);

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
        if (isFloat(d)) { // bulk-copied a chunk at a time and widened in Java, no double copy in native memory
            d = d.contiguous();
            FloatPointer p = new FloatPointer(d.data_ptr());
            float[] chunk = CHUNK.get();
            for (int off = 0; off < n; off += chunk.length) {
                int len = Math.min(chunk.length, n - off);
                p.position(off).get(chunk, 0, len);
                for (int i = 0; i < len; i++) out[off + i] = chunk[i];
            }
            java.lang.ref.Reference.reachabilityFence(d); // outside a pointer scope, d alone keeps the memory being read
            return out;
        }
        d = d.to(ScalarType.Double).contiguous();
        new DoublePointer(d.data_ptr()).get(out, 0, n);
        java.lang.ref.Reference.reachabilityFence(d);
        return out;
    }

    /**
     * True for a float32 tensor. (JavaCPP returns enums from native code as new objects: {@code scalar_type() ==
     * ScalarType.Float} is always false, which sent every float32 read through a float64 copy in fresh native memory.)
     */
    static boolean isFloat(Tensor t) { return t.scalar_type().intern() == ScalarType.Float; }
}
