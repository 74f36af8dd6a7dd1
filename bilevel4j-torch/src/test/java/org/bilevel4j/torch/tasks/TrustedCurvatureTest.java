package org.bilevel4j.torch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bilevel4j.data.DenseMatrix;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.solver.scale.PowerIteration;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.torch.nets.Mlp;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * Network hyper-cleaning's L_g is the curvature at σ(x) = 1: with no regularizer, twice that at x0 = 0 (σ = ½), G being
 * linear in σ; estimated by the defaults' scales on the counted problem, so that its HVPs count.
 */
class TrustedCurvatureTest {
    static LabeledData rows(int n, int d, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        int[] l = new int[n];
        for (int i = 0; i < n; i++) l[i] = i % k;
        return LabeledData.classification(new DenseMatrix(n, d, v), l, k);
    }

    /**
     * L_g is estimated where every sample is trusted, through the run's counted problem: 20 power steps, each one
     * Hessian-vector product on the n training samples, counted as innerHvp calls like every other estimate.
     */
    @Test void innerLipschitzIsTheCurvatureWithEverySampleTrustedAndItsCallsCount() {
        TorchSetup t = TorchSetup.doubles();
        NetData train = NetData.of(rows(12, 6, 3, 1), t, false), val = NetData.of(rows(5, 6, 3, 2), t, false);
        BilevelProblem p = NetCleaning.problem("t", Mlp.twoLayerLinear(6, 4, 3), train, new boolean[12], val, val, 0, t, 3, new NetRefit(5, 0));
        Vec x0 = p.initialX(), y0 = p.initialY();
        assertEquals(0, x0.norm(), 0, "x0 = 0: every weight σ = ½");
        double atStart = PowerIteration.largest(v -> p.innerHvpYY(x0, y0, v), p.dimY(), 20, 0x5ca1e5L);
        assertTrue(Double.isNaN(p.innerLipschitz()), "not given by the problem: estimated, so that its calls are counted");
        CountingProblem counted = new CountingProblem(p);
        Scales sc = new Scales(counted, x0, y0);
        assertEquals(2 * atStart, sc.innerLipschitz(), 1e-9 * atStart, "G is linear in σ: twice the curvature at σ = ½");
        assertEquals("estimated", sc.sources().get(Scales.INNER));
        assertEquals(20, counted.counts().get(Oracle.innerHvp), "the power iteration's HVPs are oracle calls");
        assertEquals(20 * 12L, counted.counts().samples(Oracle.innerHvp), "each on all 12 training samples");
        assertEquals(2 * atStart, sc.innerLipschitz(), 1e-9 * atStart);
        assertEquals(20, counted.counts().get(Oracle.innerHvp), "estimated once, then kept");
    }
}
