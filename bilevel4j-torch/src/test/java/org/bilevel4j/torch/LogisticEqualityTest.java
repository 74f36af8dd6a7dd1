package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.tasks.HyperCleaning;
import org.bilevel4j.tasks.Synthetic;
import org.bilevel4j.tasks.WeightDecay;
import org.bilevel4j.torch.tasks.LogisticTorch;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * The logistic tasks through libtorch (float64) equal the analytic LogisticModel's oracles to 1e-10: values, both
 * gradients, HVPs and both cross products, on the full data and on a mini-batch view, for both hyper-parameter forms
 * (per-sample σ(x_i) in hyperclean, per-feature e^{x_j} in weightdecay).
 */
class LogisticEqualityTest {
    static final double TOL = 1e-10;

    @Test
    void hypercleanPerSampleWeightsMatchTheAnalyticModel() {
        LabeledData all = Synthetic.gaussianMixture(90, 5, 3, 3, 1);
        LabeledData train = Synthetic.rows(all, 0, 40), val = Synthetic.rows(all, 40, 70), test = Synthetic.rows(all, 70, 90);
        boolean[] bad = new boolean[40];
        for (int i = 0; i < 40; i += 3) bad[i] = true;
        for (boolean bias : new boolean[] {true, false}) {
            HyperCleaning a = new HyperCleaning(train, bad, val, test, bias, 0.01, 10);
            TorchProblem t = LogisticTorch.hyperclean(train, bad, val, test, bias, 0.01, TorchSetup.doubles());
            compare(a, t, 2);
            compare(a.batch(new int[] {1, 4, 9, 20}, new int[] {0, 3, 5, 17, 39}), t.batch(new int[] {1, 4, 9, 20}, new int[] {0, 3, 5, 17, 39}), 3);
            Vec x = random(new SplittableRandom(5), a.dimX()), y = random(new SplittableRandom(6), a.dimY());
            assertEquals(a.metrics(x, y).get("testAccuracy"), t.metrics(x, y).get("testAccuracy"), 1e-12);
            assertEquals(a.metrics(x, y).get("f1"), t.metrics(x, y).get("f1"), 1e-12);
        }
    }

    @Test
    void weightdecayPerFeatureDecaysMatchTheAnalyticModel() {
        LabeledData all = Synthetic.sparseLogistic(80, 6, 1, 2);
        LabeledData[] halves = WeightDecay.halves(Synthetic.rows(all, 0, 60), 3);
        LabeledData test = Synthetic.rows(all, 60, 80);
        for (boolean bias : new boolean[] {true, false}) {
            WeightDecay a = new WeightDecay(halves[0], halves[1], test, bias, 0, -20, 2);
            TorchProblem t = LogisticTorch.weightdecay(halves[0], halves[1], test, bias, 0, -20, 2, TorchSetup.doubles());
            compare(a, t, 4);
            compare(a.batch(new int[] {0, 2, 7}, new int[] {1, 3, 4, 11}), t.batch(new int[] {0, 2, 7}, new int[] {1, 3, 4, 11}), 5);
            Vec x = random(new SplittableRandom(5), a.dimX()), y = random(new SplittableRandom(6), a.dimY());
            assertEquals(a.metrics(x, y).get("testAccuracy"), t.metrics(x, y).get("testAccuracy"), 1e-12);
            assertEquals(a.metrics(x, y).get("validationLoss"), t.metrics(x, y).get("validationLoss"), 1e-10);
        }
    }

    static void compare(BilevelProblem a, BilevelProblem t, long seed) {
        assertEquals(a.dimX(), t.dimX());
        assertEquals(a.dimY(), t.dimY());
        SplittableRandom r = new SplittableRandom(seed);
        Vec x = random(r, a.dimX()), y = random(r, a.dimY()), v = random(r, a.dimY()), u = random(r, a.dimX());
        close("inner value", a.innerValue(x, y), t.innerValue(x, y));
        close("outer value", a.outerValue(x, y), t.outerValue(x, y));
        close("inner grad x", a.innerGradX(x, y), t.innerGradX(x, y));
        close("inner grad y", a.innerGradY(x, y), t.innerGradY(x, y));
        close("outer grad y", a.outerGradY(x, y), t.outerGradY(x, y));
        assertEquals(0, t.outerGradX(x, y).norm(), 1e-15);
        close("inner Hvp", a.innerHvpYY(x, y, v), t.innerHvpYY(x, y, v));
        close("inner cross xy", a.innerCrossXY(x, y, v), t.innerCrossXY(x, y, v));
        close("inner cross yx", a.innerCrossYX(x, y, u), t.innerCrossYX(x, y, u));
        close("outer Hvp", a.outerHvpYY(x, y, v), t.outerHvpYY(x, y, v));
        assertEquals(0, t.outerCrossXY(x, y, v).norm(), 1e-15);
    }

    static Vec random(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return Vec.of(a);
    }

    static void close(String what, double a, double t) {
        assertTrue(Math.abs(a - t) <= TOL * Math.max(1, Math.abs(a)), what + ": analytic " + a + ", torch " + t);
    }

    static void close(String what, Vec a, Vec t) {
        assertTrue(a.norm() > 1e-8, what + " is zero: the comparison would see nothing");
        double rel = Vec.distance(a, t) / a.norm();
        assertTrue(rel <= TOL, what + ": relative difference " + rel);
    }
}
