package org.bilevel4j.model;

/**
 * log(1 + x) bit for bit as {@link StrictMath#log1p} (fdlibm's s_log1p.c, which JDK 17's {@link Math#log1p} calls), in
 * Java. JDK 17 reaches fdlibm through JNI, and HotSpot's return from a native call is a full memory fence: once per row
 * of a binary gradient pass it waited for the store buffer of the gradient scatter to drain (README, CSR kernel).
 * <p>
 * Ported from fdlibm 5.3, s_log1p.c: Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at
 * SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is freely
 * granted, provided that this notice is preserved.
 * <p>
 * Method: 1 + x = 2^k (1 + f) with √2/2 &lt; 1 + f &lt; √2 and a correction c for the rounding of 1 + x; then
 * log(1 + f) = f − (f²/2 − s (f²/2 + R(s²))), s = f / (2 + f), R a degree-7 polynomial; the result is
 * k·ln2_hi + (that + k·ln2_lo + c) in fdlibm's order of operations.
 */
final class Log1p {
    private Log1p() {}

    private static final double LN2_HI = 6.93147180369123816490e-01; // 3fe62e42 fee00000
    private static final double LN2_LO = 1.90821492927058770002e-10; // 3dea39ef 35793c76
    private static final double TWO54 = 1.80143985094819840000e+16; // 43500000 00000000
    private static final double LP1 = 6.666666666666735130e-01; // 3FE55555 55555593
    private static final double LP2 = 3.999999999940941908e-01; // 3FD99999 9997FA04
    private static final double LP3 = 2.857142874366239149e-01; // 3FD24924 94229359
    private static final double LP4 = 2.222219843214978396e-01; // 3FCC71C5 1D8E78AF
    private static final double LP5 = 1.818357216161805012e-01; // 3FC74664 96CB03DE
    private static final double LP6 = 1.531383769920937332e-01; // 3FC39A09 D078C69F
    private static final double LP7 = 1.479819860511658591e-01; // 3FC2F112 DF3E5244

    private static int hi(double x) { return (int) (Double.doubleToRawLongBits(x) >>> 32); }

    /** x with its high word replaced by h. */
    private static double withHi(double x, int h) {
        return Double.longBitsToDouble(((long) h << 32) | (Double.doubleToRawLongBits(x) & 0xffffffffL));
    }

    static double log1p(double x) {
        int hx = hi(x), ax = hx & 0x7fffffff, k = 1, hu = 0;
        double f = 0, c = 0;
        if (hx < 0x3FDA827A) { // x < 0.41422
            if (ax >= 0x3ff00000) { // x <= -1.0
                if (x == -1.0) return Double.NEGATIVE_INFINITY;
                return Double.NaN;
            }
            if (ax < 0x3e200000) { // |x| < 2^-29
                if (TWO54 + x > 0 && ax < 0x3c900000) return x; // |x| < 2^-54
                return x - x * x * 0.5;
            }
            if (hx > 0 || hx <= 0xbfd2bec3) { // -0.2929 < x < 0.41422
                k = 0;
                f = x;
                hu = 1;
            }
        }
        if (hx >= 0x7ff00000) return x + x;
        if (k != 0) {
            double u;
            if (hx < 0x43400000) {
                u = 1.0 + x;
                hu = hi(u);
                k = (hu >> 20) - 1023;
                c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
                c /= u;
            } else {
                u = x;
                hu = hi(u);
                k = (hu >> 20) - 1023;
                c = 0;
            }
            hu &= 0x000fffff;
            if (hu < 0x6a09e) {
                u = withHi(u, hu | 0x3ff00000); // normalize u
            } else {
                k += 1;
                u = withHi(u, hu | 0x3fe00000); // normalize u/2
                hu = (0x00100000 - hu) >> 2;
            }
            f = u - 1.0;
        }
        double hfsq = 0.5 * f * f;
        if (hu == 0) { // |f| < 2^-20
            if (f == 0) {
                if (k == 0) return 0;
                c += k * LN2_LO;
                return k * LN2_HI + c;
            }
            double r = hfsq * (1.0 - 0.66666666666666666 * f);
            if (k == 0) return f - r;
            return k * LN2_HI - ((r - (k * LN2_LO + c)) - f);
        }
        double s = f / (2.0 + f), z = s * s;
        double r = z * (LP1 + z * (LP2 + z * (LP3 + z * (LP4 + z * (LP5 + z * (LP6 + z * LP7))))));
        if (k == 0) return f - (hfsq - s * (hfsq + r));
        return k * LN2_HI - ((hfsq - (s * (hfsq + r) + (k * LN2_LO + c))) - f);
    }
}
