package org.bilevel4j.torch.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bilevel4j.torch.TorchSetup;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** The fewshot problem's oracles against finite differences (float64), its embedding cache, and the evaluation head. */
class FewShotProblemTest {
    static Vec random(int n, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = scale * r.nextGaussian();
        return Vec.of(a);
    }

    static Vec plus(Vec a, double t, Vec dir) { return a.copy().axpy(t, dir); }

    static void close(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(expected - actual) <= rel * (1e-8 + Math.abs(expected)), what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void gradientsAndSecondOrderProductsMatchFiniteDifferencesInFloat64() {
        FewShotProblem p = FewShotFixtures.problem(TorchSetup.doubles(), 1);
        Vec x = p.initialX(), y = random(p.dimY(), 1, 0.5), u = random(p.dimX(), 2, 1), v = random(p.dimY(), 3, 1);
        double h = 1e-6;
        for (boolean outer : new boolean[] {false, true}) {
            String w = outer ? "F" : "G";
            // ∇_y and ∇_x along a direction
            double fdY = (val(p, outer, x, plus(y, h, v)) - val(p, outer, x, plus(y, -h, v))) / (2 * h);
            close(fdY, (outer ? p.outerGradY(x, y) : p.innerGradY(x, y)).dot(v), 1e-6, "<grad_y " + w + ", v>");
            double fdX = (val(p, outer, plus(x, h, u), y) - val(p, outer, plus(x, -h, u), y)) / (2 * h);
            close(fdX, (outer ? p.outerGradX(x, y) : p.innerGradX(x, y)).dot(u), 1e-5, "<grad_x " + w + ", u>");
            // ∇²_yy·v and ∇²_xy·v against differences of ∇_y
            Vec fdHvp = gy(p, outer, x, plus(y, h, v)).axpy(-1, gy(p, outer, x, plus(y, -h, v))).scale(1 / (2 * h));
            Vec hvp = outer ? p.outerHvpYY(x, y, v) : p.innerHvpYY(x, y, v);
            assertTrue(Vec.distance(fdHvp, hvp) <= 1e-6 * hvp.norm(), w + " hvp: " + Vec.distance(fdHvp, hvp) + " vs " + hvp.norm());
            double fdCross = (gy(p, outer, plus(x, h, u), y).dot(v) - gy(p, outer, plus(x, -h, u), y).dot(v)) / (2 * h);
            close(fdCross, (outer ? p.outerCrossXY(x, y, v) : p.innerCrossXY(x, y, v)).dot(u), 1e-5, "<cross_xy " + w + " v, u>");
        }
        double fdYx = (p.innerGradX(x, plus(y, h, v)).dot(u) - p.innerGradX(x, plus(y, -h, v)).dot(u)) / (2 * h);
        close(fdYx, p.innerCrossYX(x, y, u).dot(v), 1e-5, "<cross_yx G u, v>");
    }

    private static double val(FewShotProblem p, boolean outer, Vec x, Vec y) { return outer ? p.outerValue(x, y) : p.innerValue(x, y); }

    private static Vec gy(FewShotProblem p, boolean outer, Vec x, Vec y) { return outer ? p.outerGradY(x, y) : p.innerGradY(x, y); }

    @Test
    void theInnerLossIsASumOfPerEpisodeHeadProblemsWithL2OnTheWeightsOnly() {
        FewShotProblem p = FewShotFixtures.problem(TorchSetup.doubles(), 1);
        Vec x = p.initialX();
        int head = p.dimY() / p.settings().metaBatch(), n = p.settings().ways();
        // at y = 0 every logit is 0: CE = log N per sample, the sum over B episodes is B log N; F is the mean, log N
        close(p.settings().metaBatch() * Math.log(n), p.innerValue(x, p.initialY()), 1e-12, "G(x, 0)");
        close(Math.log(n), p.outerValue(x, p.initialY()), 1e-12, "F(x, 0)");
        // moving only episode 0's bias changes nothing but its own CE (the L2 term skips biases)
        Vec y = random(p.dimY(), 11, 0.5), moved = y.copy();
        Vec.array(moved)[head - n] += 2; // episode 0, bias of class 0
        double[] g = p.innerGradY(x, y).toArray(), gm = p.innerGradY(x, moved).toArray();
        for (int i = head; i < p.dimY(); i++) assertEquals(g[i], gm[i], 0, "other heads' gradient");
        // (that the L2 term skips the biases is checked by the Java-versus-torch loss equality below)
    }

    @Test
    void theEmbeddingIsComputedOncePerPointAndTheCacheNeverServesAStaleOne() {
        FewShotProblem cached = FewShotFixtures.problem(TorchSetup.doubles(), 1), fresh = FewShotFixtures.problem(TorchSetup.doubles(), 1);
        fresh.useCache(false);
        Vec x = plus(cached.initialX(), 0.01, random(cached.dimX(), 12, 1)), y = random(cached.dimY(), 4, 0.3), v = random(cached.dimY(), 5, 1);
        long before = cached.embeddingPasses();
        for (int t = 0; t < 5; t++) { // head steps at one x: one embedding
            y = y.axpy(-0.1, cached.innerGradY(x, y));
            cached.innerHvpYY(x, y, v);
            cached.outerGradY(x, y);
        }
        assertEquals(before + 1, cached.embeddingPasses(), "head steps at one x reuse the embedding");
        Vec x2 = plus(x, 0.05, random(x.dim(), 6, 1));
        for (Vec at : new Vec[] {x2, x, x2}) { // a new x, an old one, again: each computed afresh and equal to the uncached answer
            assertArrayEquals(fresh.innerGradY(at, y).toArray(), cached.innerGradY(at, y).toArray(), 0);
            assertArrayEquals(fresh.outerGradY(at, y).toArray(), cached.outerGradY(at, y).toArray(), 0);
            assertEquals(fresh.innerValue(at, y), cached.innerValue(at, y), 0);
        }
        // the x-oracles' forward pass refreshes the cache, and agrees with it
        cached.innerCrossXY(x, y, v);
        long passes = cached.embeddingPasses();
        assertArrayEquals(fresh.innerGradY(x, y).toArray(), cached.innerGradY(x, y).toArray(), 0);
        assertEquals(passes, cached.embeddingPasses());
        // a new meta-batch invalidates it
        double old = cached.innerValue(x, y);
        cached.advance();
        assertTrue(cached.advance(), "the second advance draws (stepsPerBatch 1)");
        fresh.advance();
        fresh.advance();
        assertNotEquals(old, cached.innerValue(x, y));
        assertEquals(fresh.innerValue(x, y), cached.innerValue(x, y), 0);
    }

    @Test
    void theEvaluationHeadConvergesToTheMinimizerOfTheTorchInnerLoss() {
        FewShotProblem p = FewShotFixtures.problem(TorchSetup.doubles(), 1);
        Vec x = random(p.dimX(), 8, 0.3).axpy(1, p.initialX());
        double[] f = p.features(x);
        int[] labels = p.supportLabels();
        FewShotSettings s = p.settings();
        int d = p.features(), per = s.ways() * s.shots(), head = s.ways() * (d + 1);
        double[] y = new double[p.dimY()];
        for (int b = 0; b < s.metaBatch(); b++) {
            double[][] rows = episodeRows(f, b, per, d);
            int[] l = java.util.Arrays.copyOfRange(labels, b * per, (b + 1) * per);
            double[] w = FewShotHead.fit(rows, l, s.ways(), s.l2(), 2000);
            double[] g = new double[head];
            FewShotHead.gradient(rows, l, s.ways(), s.l2(), w, g);
            assertTrue(Vec.of(g).norm() < 1e-8, "Java head gradient at the fit: " + Vec.of(g).norm());
            System.arraycopy(w, 0, y, b * head, head);
        }
        // the same loss in torch (G sums the episodes' head losses): its gradient vanishes at the Java fit
        double gn = p.innerGradY(x, Vec.of(y)).norm();
        assertTrue(gn < 1e-7, "torch grad_y G at the Java heads: " + gn);
        // and the Java loss equals the torch one at a random point
        Vec yr = random(p.dimY(), 9, 0.5);
        double sum = 0;
        for (int b = 0; b < s.metaBatch(); b++) {
            double[][] rows = episodeRows(f, b, per, d);
            int[] l = java.util.Arrays.copyOfRange(labels, b * per, (b + 1) * per);
            sum += FewShotHead.gradient(rows, l, s.ways(), s.l2(), java.util.Arrays.copyOfRange(yr.toArray(), b * head, (b + 1) * head), new double[head]);
        }
        close(sum, p.innerValue(x, yr), 1e-12, "sum of Java head losses vs G");
    }

    @Test
    void theEvaluationIsPairedAndItsIntervalIsTheNormalOne() {
        FewShotProblem a = FewShotFixtures.problem(TorchSetup.doubles(), 1), b = FewShotFixtures.problem(TorchSetup.doubles(), 1);
        assertEquals(a.evaluation().episodes().size(), b.evaluation().episodes().size());
        for (int e = 0; e < a.evaluation().episodes().size(); e++) {
            var ea = a.evaluation().episodes().get(e);
            var eb = b.evaluation().episodes().get(e);
            assertArrayEquals(ea.classes(), eb.classes(), "same evaluation episodes");
            assertTrue(java.util.Arrays.deepEquals(ea.support(), eb.support()) && java.util.Arrays.deepEquals(ea.query(), eb.query()));
        }
        FewShotEvaluation.Score s = a.evaluation().score(a.initialX().toArray());
        double m = 0, ss = 0;
        for (double v : s.perEpisode()) m += v;
        m /= s.perEpisode().length;
        for (double v : s.perEpisode()) ss += (v - m) * (v - m);
        close(m, s.mean(), 1e-12, "mean");
        close(1.96 * Math.sqrt(ss / (s.perEpisode().length - 1) / s.perEpisode().length), s.ci95(), 1e-12, "ci95");
        assertTrue(s.mean() >= 0 && s.mean() <= 1);
    }

    /** The per support rows of episode b, each d features long, out of the meta-batch's flat feature array. */
    private static double[][] episodeRows(double[] f, int b, int per, int d) {
        double[][] rows = new double[per][];
        for (int i = 0; i < per; i++) rows[i] = java.util.Arrays.copyOfRange(f, (b * per + i) * d, (b * per + i + 1) * d);
        return rows;
    }
}
