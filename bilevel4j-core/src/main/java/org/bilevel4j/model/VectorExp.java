package org.bilevel4j.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e^x for 8 doubles at a time (AVX-512), written with the Vector API's exact operations only (add, multiply, fused
 * multiply-add, integer shifts), so the result is the same bit for bit whether the JIT has compiled the code or not
 * (the API's own EXP calls a vector math library once compiled and Math.exp before, which differ by an ulp: iterates
 * would then depend on the JIT's timing). Cody–Waite reduction and a Taylor polynomial:
 * <pre>
 *   n = round(x / ln 2),  r = x − n ln 2  (|r| ≤ ln 2 / 2, ln 2 in two parts),
 *   e^r = Σ_{k ≤ 13} r^k / k!  (truncation below 5e-18 relative),   e^x = e^r · 2^n  (2^n built from its exponent bits)
 * </pre>
 * Relative error about 2 ulp (tested against Math.exp). A vector with a lane outside [−708, 709] (where 2^n is not
 * a normal double) is computed lane by lane with {@link #exp(double)}: Math.exp for those lanes, the same polynomial for
 * the others, so a value's result never depends on its neighbours (the class-major softmax groups other values). Loaded only through the SIMD kernels.
 */
final class VectorExp {
    private VectorExp() {}

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /**
     * The long species of D's shape, named here: conversions to a species the API derives from a vector (reinterpretAsLongs,
     * convert) compile only where C2 can fold that derivation, which some JVMs did not (README, "Vectors across a call").
     */
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;
    private static final double LOG2E = 1.4426950408889634, LN2_HI = 0.6931471803691238, LN2_LO = 1.9082149292705877e-10;
    /** 1.5 · 2^52: adding it rounds to an integer, which then sits in the low bits of the sum. */
    private static final double ROUND = 6755399441055744.0;
    private static final double LO = -708, HI = 709;
    /** 1/k! for k = 13 down to 0 (Horner order). */
    private static final double[] C = new double[14];

    static {
        double f = 1;
        for (int k = 1; k <= 13; k++) f *= k;
        for (int k = 13; k >= 0; k--) {
            C[13 - k] = 1 / f;
            if (k > 0) f /= k;
        }
    }

    /** a[k] := e^{a[k]} for k &lt; n. */
    static void expInPlace(double[] a, int n) {
        int k = 0;
        for (int up = D.loopBound(n); k < up; k += D.length()) {
            DoubleVector x = DoubleVector.fromArray(D, a, k);
            VectorMask<Double> out = x.compare(VectorOperators.LT, LO).or(x.compare(VectorOperators.GT, HI)).or(x.test(VectorOperators.IS_NAN));
            if (out.anyTrue()) {
                for (int q = k; q < k + D.length(); q++) a[q] = exp(a[q]); // per lane: in-range lanes as the vector path computes them
                continue;
            }
            // e^x for x in [−708, 709], in this loop rather than a helper: a helper taking or returning a vector that C2
            // does not inline (it decides by the profile at compile time) boxes every vector (README, "Vectors across a call")
            DoubleVector t = x.fma(DoubleVector.broadcast(D, LOG2E), DoubleVector.broadcast(D, ROUND));
            DoubleVector nd = t.sub(ROUND); // n, an integer in double
            DoubleVector r = nd.neg().fma(DoubleVector.broadcast(D, LN2_HI), x);
            r = nd.neg().fma(DoubleVector.broadcast(D, LN2_LO), r);
            DoubleVector p = DoubleVector.broadcast(D, C[0]);
            for (int i = 1; i < C.length; i++) p = p.fma(r, DoubleVector.broadcast(D, C[i]));
            LongVector bits = ((LongVector) t.reinterpretShape(L, 0)).add(1023).lanewise(VectorOperators.LSHL, 52); // the low bits of t are n
            p.mul(bits.reinterpretShape(D, 0)).intoArray(a, k);
        }
        for (; k < n; k++) a[k] = exp(a[k]);
    }

    /** The same arithmetic for one double (the tail of an array), so that a value's result does not depend on its position. */
    static double exp(double x) {
        if (!(x >= LO && x <= HI)) return Math.exp(x);
        double t = Math.fma(x, LOG2E, ROUND), nd = t - ROUND;
        double r = Math.fma(-nd, LN2_HI, x);
        r = Math.fma(-nd, LN2_LO, r);
        double p = C[0];
        for (int i = 1; i < C.length; i++) p = Math.fma(p, r, C[i]);
        return p * Double.longBitsToDouble((Double.doubleToRawLongBits(t) + 1023) << 52);
    }
}
