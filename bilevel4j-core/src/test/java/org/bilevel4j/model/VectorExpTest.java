package org.bilevel4j.model;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The float kernels' softmax exponential against Math.exp, and the same bits in a vector lane and in the scalar tail. */
class VectorExpTest {
    @Test void agreesWithMathExpToAFewUlps() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        SplittableRandom r = new SplittableRandom(4);
        int n = 100_003; // not a multiple of the lanes: the tail takes the scalar path
        double[] x = new double[n], e = new double[n];
        for (int i = 0; i < n; i++) x[i] = i % 3 == 0 ? -40 * r.nextDouble() : i % 3 == 1 ? 1400 * r.nextDouble() - 705 : r.nextGaussian();
        double[] special = {0, -0.0, 1, -1, 708.9, -707.9, Math.log(2), -Math.log(2) / 2, Math.log(2) / 2, 1e-300, -1e-17};
        System.arraycopy(special, 0, x, 0, special.length);
        System.arraycopy(x, 0, e, 0, n);
        VectorExp.expInPlace(e, n);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double want = Math.exp(x[i]), err = Math.abs(e[i] - want) / want;
            worst = Math.max(worst, err);
            assertTrue(err < 1e-15, "exp(" + x[i] + ") = " + e[i] + ", Math.exp " + want + ", relative error " + err);
        }
        System.out.println("vector exp: largest relative error " + worst + " (ulp " + Math.ulp(1.0) + ")");
    }

    @Test void outOfRangeLanesAndTheTailMatchTheReference() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        double[] x = {-800, -745.2, 710, Double.NEGATIVE_INFINITY, Double.NaN, -3, 2, 0.5, -1, -2, -0.25};
        double[] e = x.clone();
        VectorExp.expInPlace(e, e.length);
        for (int i = 0; i < x.length; i++) {
            double want = Math.exp(x[i]);
            if (Double.isNaN(want)) assertTrue(Double.isNaN(e[i]));
            else assertEquals(want, e[i], 1e-15 * want, "exp(" + x[i] + ")");
        }
    }

    @Test void aValueHasTheSameBitsInAVectorLaneAndInTheTail() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 200; t++) {
            double v = -30 * r.nextDouble();
            double[] a = new double[17];
            java.util.Arrays.fill(a, v);
            VectorExp.expInPlace(a, a.length); // lanes 0..15 by vectors (AVX-512), 16 by the scalar path
            for (double y : a) assertEquals(Double.doubleToRawLongBits(a[a.length - 1]), Double.doubleToRawLongBits(y), "exp(" + v + ")");
        }
    }
    @Test void aValueDoesNotDependOnAnOutOfRangeNeighbour() {
        assumeTrue(SimdSupport.available(), "jdk.incubator.vector not present");
        SplittableRandom r = new SplittableRandom(6);
        for (int t = 0; t < 200; t++) {
            double v = -30 * r.nextDouble();
            double[] alone = new double[16], mixed = new double[16];
            java.util.Arrays.fill(alone, v);
            java.util.Arrays.fill(mixed, v);
            mixed[t % 8] = -750; // below the range: its vector goes lane by lane
            VectorExp.expInPlace(alone, 16);
            VectorExp.expInPlace(mixed, 16);
            for (int i = 0; i < 16; i++)
                if (i != t % 8) assertEquals(Double.doubleToRawLongBits(alone[i]), Double.doubleToRawLongBits(mixed[i]), "exp(" + v + ") beside exp(-750)");
            assertEquals(Math.exp(-750), mixed[t % 8]);
        }
    }
}
