package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Log1p} gives StrictMath.log1p's bits (fdlibm), so the binary losses and every iterate built on them are unchanged. */
class Log1pTest {
    static void same(double x) {
        long want = Double.doubleToLongBits(StrictMath.log1p(x)), got = Double.doubleToLongBits(Log1p.log1p(x));
        assertEquals(want, got, () -> "log1p(" + x + " = " + Long.toHexString(Double.doubleToRawLongBits(x)) + "): " + Log1p.log1p(x) + " vs StrictMath "
                + StrictMath.log1p(x));
    }

    @Test void specialValuesAndTheBranchThresholds() {
        for (double x : new double[] {0.0, -0.0, 1.0, -1.0, -2.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Math.E - 1, 1e-300, 0x1p53})
            same(x);
        // fdlibm's branches on the high word: x < 0.41422, |x| < 2^-29, |x| < 2^-54, -0.2929 < x, x < 2^53, u's mantissa < 0x6a09e
        long[] highWords = {0x3FDA827AL, 0xbfd2bec3L, 0x3e200000L, 0x3c900000L, 0x43400000L, 0x3ff00000L, 0x3ff6a09eL, 0xbe200000L, 0xbc900000L};
        for (long hw : highWords)
            for (long lowWord : new long[] {0, 1, 0xffffffffL}) {
                double x = Double.longBitsToDouble((hw << 32) | lowWord);
                for (double y : new double[] {x, Math.nextUp(x), Math.nextDown(x), Math.nextUp(Math.nextUp(x)), Math.nextDown(Math.nextDown(x))}) same(y);
            }
    }

    @Test void randomArgumentsOverEveryRange() {
        SplittableRandom r = new SplittableRandom(15);
        for (int i = 0; i < 500_000; i++) {
            same(Double.longBitsToDouble(r.nextLong())); // any bits: all exponents and signs, NaNs, infinities
            same(Math.exp(-Math.abs(40 * r.nextGaussian()))); // the binary loss: log1p(e^{-|z|}), e in (0, 1]
            same(4 * r.nextDouble() - 1); // (-1, 3): both reductions and the correction term
            same(Math.scalb(2 * r.nextDouble() - 1, -r.nextInt(70))); // near 0: the short series and the identity
        }
    }
}
