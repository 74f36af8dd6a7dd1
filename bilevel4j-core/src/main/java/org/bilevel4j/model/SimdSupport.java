package org.bilevel4j.model;

import org.bilevel4j.data.CsrMatrix;
import org.bilevel4j.data.DenseMatrix;

/**
 * Loads the SIMD dense kernels ({@link DenseRowsSimd} in double, {@link DenseRowsFloatSimd} in float, written with
 * the incubating {@code jdk.incubator.vector} API) reflectively, so that this library still links and runs on a JVM started without
 * {@code --add-modules jdk.incubator.vector}: there the scalar {@link DenseRows} is used instead.
 */
public final class SimdSupport {
    private SimdSupport() {}

    private static final boolean AVAILABLE = probe();

    private static boolean probe() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return (Boolean) Class.forName("org.bilevel4j.model.DenseRowsSimd").getDeclaredMethod("supported").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Whether the SIMD kernel can be used in this JVM. */
    public static boolean available() { return AVAILABLE; }

    /**
     * The measured float32 FMA peak in GFLOP/s of {@code threads} threads (each running {@code rounds} rounds of 10 vector
     * FMAs), or NaN without the vector module.
     */
    public static double fmaPeakGflops(int threads, long rounds) {
        if (!AVAILABLE) return Double.NaN;
        try {
            java.lang.reflect.Method m = Class.forName("org.bilevel4j.model.FmaPeak").getDeclaredMethod("gflops", int.class, long.class);
            m.setAccessible(true);
            return (Double) m.invoke(null, threads, rounds);
        } catch (ReflectiveOperationException | LinkageError e) {
            return Double.NaN;
        }
    }

    /** The float32 SIMD kernel over 8-bit features, or null when it is not available. */
    static RowKernel bytes(ByteFeatures f) {
        if (!AVAILABLE || !Boolean.parseBoolean(System.getProperty("bilevel4j.simd", "true"))) return null;
        try {
            return (RowKernel) Class.forName("org.bilevel4j.model.DenseRowsByteSimd").getDeclaredConstructor(ByteFeatures.class).newInstance(f);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * The float32 CSR kernel with the outputs in vector lanes ({@link SparseRowsClassLanes}) for that many outputs over m, or
     * null when it is not available or would be slower ({@code SparseRowsClassLanes.suits}).
     */
    static RowKernel sparseLanes(CsrMatrix m, int outputs) {
        if (!AVAILABLE || !Boolean.parseBoolean(System.getProperty("bilevel4j.simd", "true"))) return null;
        try {
            Class<?> k = Class.forName("org.bilevel4j.model.SparseRowsClassLanes");
            if (!(Boolean) k.getDeclaredMethod("suits", int.class).invoke(null, outputs)) return null;
            return (RowKernel) k.getDeclaredConstructor(CsrMatrix.class).newInstance(m);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** The SIMD kernel of that precision over d, or null when it is not available. */
    static RowKernel dense(DenseMatrix d, Precision precision) {
        if (!AVAILABLE) return null;
        String name = precision == Precision.FLOAT ? "DenseRowsFloatSimd" : "DenseRowsSimd";
        try {
            return (RowKernel) Class.forName("org.bilevel4j.model." + name).getDeclaredConstructor(DenseMatrix.class).newInstance(d);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
