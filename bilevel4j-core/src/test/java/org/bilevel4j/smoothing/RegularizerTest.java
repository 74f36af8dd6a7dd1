package org.bilevel4j.smoothing;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.bilevel4j.testing.FiniteDifferences;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class RegularizerTest {
    static final int D = 9;
    static final GroupLasso GROUPS = GroupLasso.consecutive(D, 3);
    static final double[] C2 = {0.7, 1.3}; // OSCAR coefficients

    static List<Regularizer> all() {
        return List.of(new L1(), new Lp(0.6), new Lp(1.0), GROUPS, new Oscar(), new Oscar(false), Regularizer.tied(new Oscar(), 1, 0.2));
    }

    static double[] coef(Regularizer r) { return r.terms() == 2 ? C2 : new double[] {1.3}; }

    /** Random points, some with exact zeros: a zero coordinate and a whole zero group. */
    static List<double[]> points() {
        Random rng = new Random(7);
        double[] a = new double[D], b = new double[D], c = new double[D];
        for (int i = 0; i < D; i++) { a[i] = rng.nextGaussian(); b[i] = rng.nextGaussian(); c[i] = 0.01 * rng.nextGaussian(); }
        b[1] = 0;
        b[3] = b[4] = b[5] = 0; // group 1 exactly zero
        b[7] = -b[6];           // equal magnitudes (OSCAR's pair kink)
        return List.of(a, b, c, new double[D]);
    }

    // ---- ψ̃ → ψ at the rate of the smoothing ----------------------------------------------------------------

    /** The a-priori bound on ψ̃ − ψ (times the coefficients): dμ (l1), Gμ (group lasso), dμ^p (l_p), (c₀d + 3f c₁ d(d−1)/2) μ (OSCAR). */
    static double bound(Regularizer r, double mu) {
        if (r instanceof L1) return 1.3 * D * mu;
        if (r instanceof GroupLasso g) return 1.3 * g.groups().length * mu;
        if (r instanceof Lp lp) return 1.3 * D * Math.pow(mu, lp.p());
        if (r instanceof Oscar o) {
            double f = o.name().equals("oscar") ? 0.5 : 1;
            return (C2[0] * D + 3 * f * C2[1] * D * (D - 1) / 2.0) * mu;
        }
        return (D + 3 * 0.5 * 0.2 * D * (D - 1) / 2.0) * mu * 1.3; // tied OSCAR, coefficient 1.3 × (1, 0.2)
    }

    @Test void smoothValueConvergesAtTheSmoothingRate() {
        for (Regularizer r : all()) for (double[] w : points()) {
            double exact = r.value(w, coef(r));
            for (double mu = 0.5; mu > 1e-7; mu /= 10) {
                double gap = r.smoothValue(w, mu, coef(r)) - exact;
                assertTrue(gap >= -1e-12, r.name() + ": smoothing must be an upper bound, gap " + gap);
                assertTrue(gap <= bound(r, mu) * (1 + 1e-12), r.name() + " mu=" + mu + ": gap " + gap + " > bound " + bound(r, mu));
            }
        }
    }

    @Test void boundsAreAttainedAtZeroSoTheRateIsExact() {
        double[] zero = new double[D];
        for (double mu : new double[] {1e-1, 1e-3, 1e-6}) {
            assertEquals(D * mu, new L1().smoothValue(zero, mu) - 0, 1e-12);
            assertEquals(3 * mu, GROUPS.smoothValue(zero, mu), 1e-12);
            assertEquals(D * Math.pow(mu, 0.6), new Lp(0.6).smoothValue(zero, mu), 1e-12);
        }
    }

    @Test void oscarExactValueIsThePairwiseMax() {
        for (double[] w : points()) {
            double l1 = 0, pair = 0;
            for (int j = 0; j < D; j++) {
                l1 += Math.abs(w[j]);
                for (int k = j + 1; k < D; k++) pair += Math.max(Math.abs(w[j]), Math.abs(w[k]));
            }
            assertEquals(C2[0] * l1 + C2[1] * pair, new Oscar().value(w, C2), 1e-12);
            assertEquals(C2[0] * l1 + C2[1] * 2 * pair, new Oscar(false).value(w, C2), 1e-12, "decoded variant reads 2 Σ max");
            assertEquals(new Oscar().value(w, new double[] {1.5, 0.3}), Regularizer.tied(new Oscar(), 1, 0.2).value(w, new double[] {1.5}), 1e-12);
        }
    }

    // ---- derivatives --------------------------------------------------------------------------------------

    @Test void gradientsMatchCentralDifferences() {
        for (Regularizer r : all()) for (double[] w : points()) for (double mu : new double[] {0.3, 0.02}) {
            double[] c = coef(r);
            Vec g = Vec.of(new double[D]);
            r.addSmoothGradient(w, mu, c, Vec.array(g));
            Vec fd = FiniteDifferences.gradient(v -> r.smoothValue(Vec.array(v), mu, c), Vec.of(w.clone()), 1e-4 * mu);
            assertTrue(Vec.distance(g, fd) <= 1e-6 * (1 + fd.norm()), r.name() + " mu=" + mu + ": gradient " + g + " vs " + fd);
        }
    }

    @Test void hessianVectorProductsMatchCentralDifferencesOfTheGradient() {
        Random rng = new Random(3);
        for (Regularizer r : all()) for (double[] w : points()) for (double mu : new double[] {0.3, 0.02}) {
            double[] c = coef(r), v = new double[D];
            for (int i = 0; i < D; i++) v[i] = rng.nextGaussian();
            Vec h = Vec.of(new double[D]);
            r.addSmoothHvp(w, mu, c, v, Vec.array(h));
            Vec fd = FiniteDifferences.directional(x -> {
                double[] g = new double[D];
                r.addSmoothGradient(Vec.array(x), mu, c, g);
                return Vec.of(g);
            }, Vec.of(w.clone()), Vec.of(v), 1e-4 * mu);
            assertTrue(Vec.distance(h, fd) <= 1e-5 * (1 + fd.norm()), r.name() + " mu=" + mu + ": HVP " + h + " vs " + fd);
        }
    }

    @Test void atZeroGradientsVanishAndCurvatureIsFinite() {
        double[] zero = new double[D], v = new double[D];
        java.util.Arrays.fill(v, 1);
        for (Regularizer r : all()) for (double mu : new double[] {1e-2, 1e-6}) {
            double[] g = new double[D], h = new double[D];
            r.addSmoothGradient(zero, mu, coef(r), g);
            r.addSmoothHvp(zero, mu, coef(r), v, h);
            for (int i = 0; i < D; i++) {
                assertEquals(0.0, g[i], 0.0, r.name() + ": gradient at 0 must be exactly 0 (symmetry)");
                assertTrue(Double.isFinite(h[i]) && h[i] > 0, r.name() + ": curvature at 0 must be finite and positive, got " + h[i]);
            }
        }
        // the non-Lipschitz l_p: curvature at 0 grows like μ^{p−2}
        double[] h = new double[D];
        new Lp(0.6).addSmoothHvp(zero, 1e-4, new double[] {1}, v, h);
        assertEquals(0.6 * Math.pow(1e-4, 0.6 - 2), h[0], 1e-9 * h[0]);
    }

    @Test void aZeroGroupHasZeroGradientAndTheOthersAreUntouched() {
        double[] w = points().get(1), g = new double[D];
        GROUPS.addSmoothGradient(w, 1e-8, new double[] {1}, g);
        for (int i = 3; i < 6; i++) assertEquals(0.0, g[i], 0.0);
        for (int i : new int[] {0, 2, 6, 8}) assertTrue(Double.isFinite(g[i]) && g[i] != 0);
        double n = Math.sqrt(g[6] * g[6] + g[7] * g[7] + g[8] * g[8]);
        assertEquals(1.0, n, 1e-10, "far from 0 the gradient of a group is its unit direction");
    }

    @Test void badInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new L1().smoothValue(new double[2], 0));
        assertThrows(IllegalArgumentException.class, () -> new Lp(1.5));
        assertThrows(IllegalArgumentException.class, () -> new Lp(0));
        assertThrows(IllegalArgumentException.class, () -> new GroupLasso(3, new int[][] {{0, 3}}));
        assertThrows(IllegalArgumentException.class, () -> Regularizer.tied(new Oscar(), 1));
    }
}
