package org.bilevel4j.model;

/**
 * The arithmetic of a model's sweeps. Features are stored as float either way.
 * <ul>
 *   <li>{@link #DOUBLE}: every product and sum in double (the reference; exact derivatives to ~1e-15).</li>
 *   <li>{@link #FLOAT}: the logits and the gradient's row sums in float32, as PyTorch and NumPy float32 code
 *   compute them, with the float partial sums flushed into a double accumulator every
 *   {@link DenseRowsFloatSimd#FLUSH_ROWS} rows; losses, softmax and everything outside the sweep in double.
 *   Relative error of an oracle about 1e-6; about 3x faster on dense data (half the bytes, twice the lanes).
 *   Dense data: the SIMD kernel, so a JVM without {@code jdk.incubator.vector} computes in double. Sparse (CSR)
 *   data: {@link SparseRowsFloat} (plain Java, flushed every {@link SparseRowsFloat#FLUSH_ROWS} rows), a few
 *   percent faster than the double CSR kernel (README, "The roofline", CSR); for 3+ classes with the vector module
 *   {@link SparseRowsClassLanes}, the classes in vector lanes, 2-2.7x faster on MNIST-shaped rows.</li>
 * </ul>
 */
public enum Precision {
    DOUBLE, FLOAT;

    /** "float" or "double" (case-insensitive), with an error naming the choices. */
    public static Precision parse(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "double" -> DOUBLE;
            case "float" -> FLOAT;
            default -> throw new IllegalArgumentException("precision '" + s + "' is not one of: float, double");
        };
    }
}
