package org.bilevel4j.tasks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.bilevel4j.Catalog;
import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.model.Precision;
import org.bilevel4j.problem.Answer;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.ForwardingProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.problem.Request;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.RunResult;
import org.bilevel4j.solver.Runner;
import org.bilevel4j.solver.StopRule;
import org.bilevel4j.solver.hessfree.Bvfim;
import org.bilevel4j.solver.hessfree.BvfimState;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * Fused oracles (BilevelProblem#innerAt / #outerAt): the same numbers, bit for bit, as the separate calls; every part
 * counted by its kind; one pass per fused call; and the solvers that use them follow the same trajectories.
 */
class FusedOraclesTest {
    private static final Request ALL = new Request(true, true, true);

    /** Hyper-cleaning big enough for several parallel row blocks (2000 × 120 training entries), in both precisions. */
    static HyperCleaning mid(Precision precision) {
        LabeledData all = Synthetic.gaussianMixture(2600, 120, 4, 3, 7);
        LabeledData train = Synthetic.rows(all, 0, 2000);
        LabelNoise.Corrupted noise = LabelNoise.corrupt(train.labels(), 0.4, 4, 8, LabelNoise.Mode.DIFFERENT);
        train = LabeledData.classification(train.x(), noise.labels(), 4);
        return new HyperCleaning(train, noise.mask(), Synthetic.rows(all, 2000, 2300), Synthetic.rows(all, 2300, 2600), true, 0.01, 50)
                .withPrecision(precision);
    }

    static WeightDecay weightDecay() {
        LabeledData[] h = WeightDecay.halves(Synthetic.gaussianMixture(400, 9, 3, 2, 4), 1);
        return new WeightDecay(h[0], h[1], null, true, 0, -20, 2);
    }

    static Quadratic quadratic() { return new Quadratic(new Quadratic.Spec(3, 5, 64, 32, 10, 5, 0.5, 1)); }

    @Test void fusedAnswersEqualSeparateCallsBitForBit() {
        for (BilevelProblem p : new BilevelProblem[] {mid(Precision.DOUBLE), mid(Precision.FLOAT), weightDecay(), quadratic()}) {
            assertTrue(p.fusesPasses(), p.name());
            int[] outer = {0, 3, 3, 7}, inner = {2, 5, 11, 11, 29, 30};
            for (BilevelProblem q : new BilevelProblem[] {p, p.batch(outer, inner)}) {
                Vec x = Vec.of(HyperCleaningTest.rand(q.dimX(), 1, 1)), y = Vec.of(HyperCleaningTest.rand(q.dimY(), 0.3, 2));
                Vec z = Vec.of(HyperCleaningTest.rand(q.dimY(), 0.3, 3));
                same(q, x, y, q.innerAt(x, y, ALL));
                for (Request r : new Request[] {Request.GRADS, Request.GRAD_X, Request.GRAD_Y, new Request(true, false, false)})
                    same(q, x, y, q.innerAt(x, y, r));
                Answer[] two = q.innerAt(x, y, ALL, z, Request.GRAD_X);
                same(q, x, y, two[0]);
                same(q, x, z, two[1]);
                two = q.innerAt(x, y, Request.GRADS, z, Request.GRADS);
                same(q, x, y, two[0]);
                same(q, x, z, two[1]);
                Answer f = q.outerAt(x, y, ALL);
                assertEquals(q.outerValue(x, y), f.value(), 0, q.name());
                assertArrayEquals(Vec.array(q.outerGradX(x, y)), Vec.array(f.gradX()), 0, q.name());
                assertArrayEquals(Vec.array(q.outerGradY(x, y)), Vec.array(f.gradY()), 0, q.name());
            }
        }
    }

    /** a's parts equal the separate calls exactly; parts not asked are absent. */
    private static void same(BilevelProblem q, Vec x, Vec y, Answer a) {
        if (!Double.isNaN(a.value())) assertEquals(q.innerValue(x, y), a.value(), 0, q.name() + " value");
        if (a.gradX() != null) assertArrayEquals(Vec.array(q.innerGradX(x, y)), Vec.array(a.gradX()), 0, q.name() + " grad x");
        if (a.gradY() != null) assertArrayEquals(Vec.array(q.innerGradY(x, y)), Vec.array(a.gradY()), 0, q.name() + " grad y");
    }

    @Test void everyPartCountsByKindAndACallReadsTheDataOnce() {
        HyperCleaning p = mid(Precision.DOUBLE);
        CountingProblem c = new CountingProblem(p);
        Vec x = p.initialX(), y = p.initialY(), z = Vec.of(HyperCleaningTest.rand(p.dimY(), 0.3, 3));
        c.innerAt(x, y, Request.GRADS, z, Request.GRADS); // 4 parts, 1 inner pass
        c.outerAt(x, y, Request.GRADS);                   // 2 parts, 1 outer pass
        assertEquals(2, c.counts().get(Oracle.innerGradX));
        assertEquals(2, c.counts().get(Oracle.innerGradY));
        assertEquals(1, c.counts().get(Oracle.outerGradX));
        assertEquals(1, c.counts().get(Oracle.outerGradY));
        assertEquals(2, c.counts().passes(), 0);
        BilevelProblem b = c.batch(new int[] {0, 1, 2}, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        b.innerAt(x, y, ALL);                              // 3 parts over 10 of 2000 samples: one read of them
        assertEquals(2 + 10.0 / 2000, c.counts().passes(), 1e-15);
        assertEquals(c.counts().passes(), c.counts().snapshot().passes(), 0);
        // a problem that does not fuse answers by separate calls: one pass per part
        CountingProblem s = new CountingProblem(new Separate(p));
        s.innerAt(x, y, Request.GRADS, z, Request.GRADS);
        assertEquals(4, s.counts().passes(), 0);
        assertEquals(2, s.counts().get(Oracle.innerGradX));
    }

    @Test void solversFollowTheSameTrajectoryWithFewerPasses() {
        HyperCleaning p = mid(Precision.FLOAT);
        for (String solver : new String[] {"minimaxopt", "minimaxopt-sgd", "bvfim", "f2sa", "f2ba", "bome"}) {
            RunResult fused = run(solver, p), separate = run(solver, new Separate(p));
            assertArrayEquals(Vec.array(separate.x()), Vec.array(fused.x()), 0, solver + " x");
            assertArrayEquals(Vec.array(separate.y()), Vec.array(fused.y()), 0, solver + " y");
            assertEquals(separate.oracles().asMap(), fused.oracles().asMap(), solver + " calls per kind");
            assertTrue(fused.oracles().passes() < separate.oracles().passes(),
                    solver + ": " + fused.oracles().passes() + " passes fused, " + separate.oracles().passes() + " separate");
        }
    }

    /**
     * BVFIM's passes per outer iteration on a problem that fuses (issue 15), T_z = 10, T_y = 5 as in the time-to-accuracy
     * bench: T_z for (18), 1 for G at z and at the warm y (f̂, the warm slack, the first ∇_y G at z or at y; also ∇_x G(x,z)),
     * 1 for F at the loop's start (Armijo), 2 per y-step (G and F at the trial; the last step's also give ∇_x G and ∇_x F at
     * the final y), 2 per halving, and 1 when the first ∇_y G was guessed at the wrong point: at most T_z + 2 T_y + 3 + 2·halvings.
     * The direction (20) reads no row again; it read them twice before (∇_x G at y and z, ∇_x F): T_z + 2 T_y + 4 at least.
     */
    @Test void bvfimDirectionReadsNoRowAgain() {
        HyperCleaning p = mid(Precision.FLOAT);
        int k = 8, tz = 10, ty = 5;
        RunResult r = Runner.run(Catalog.solver("bvfim", p, new Options(Map.of("zSteps", "" + tz, "ySteps", "" + ty)), 3), p, p.initialX(),
                p.initialY(), StopRule.iterations(k));
        double halvings = r.finalRow().extras().get("backtracks"), passes = r.oracles().passes();
        System.out.printf("bvfim passes per iteration %.2f (halvings %.0f)%n", passes / k, halvings);
        assertTrue(passes <= k * (tz + 2 * ty + 3) + 2 * halvings, passes + " passes in " + k + " iterations");
        assertTrue(passes >= k * (tz + 2 * ty + 2), passes + " passes in " + k + " iterations: a step of the method was skipped");
    }

    /**
     * The f̂ pass gives the barrier loop's first ∇_y G where the outcome two steps back predicts it (at the warm y when that
     * was interior, else at z, to which y is then reset; always at z with resetY): a step whose guess is right reads the rows
     * T_z + 2 T_y + 2 times (plus at most 2 per halving), one with a wrong guess once more (the loop asks ∇_y G itself; the
     * pass's is not used). Both outcomes occur here; iterates and calls per kind are those of the same requests answered by
     * separate calls.
     */
    @Test void bvfimTakesTheFirstInnerGradientWhereTwoStepsBackPredict() {
        HyperCleaning p = mid(Precision.FLOAT);
        int k = 16, tz = 10, ty = 5;
        for (String resetY : new String[] {"false", "true"}) {
            Options o = new Options(Map.of("zSteps", "" + tz, "ySteps", "" + ty, "outerStep", "0.02", "resetY", resetY));
            CountingProblem fused = new CountingProblem(p), separate = new CountingProblem(new Separate(p));
            Bvfim a = (Bvfim) Catalog.solver("bvfim", fused, o, 3), b = (Bvfim) Catalog.solver("bvfim", separate, o, 3);
            BvfimState sa = a.init(fused, p.initialX(), p.initialY()), sb = b.init(separate, p.initialX(), p.initialY());
            int kept = 0, wrong = 0;
            StringBuilder outcomes = new StringBuilder();
            for (int i = 0; i < k; i++) {
                double passes = fused.counts().passes();
                long halvings = sa.backtracks;
                boolean guess = sa.warmYKeptBefore;
                a.step(sa);
                b.step(sb);
                sa.iteration++;
                sb.iteration++;
                double read = fused.counts().passes() - passes, h = sa.backtracks - halvings;
                int miss = guess == sa.warmYKept ? 0 : 1;
                kept += sa.warmYKept ? 1 : 0;
                wrong += miss;
                outcomes.append(sa.warmYKept ? 'k' : 'r');
                assertTrue(read >= tz + 2 * ty + 2 + miss && read <= tz + 2 * ty + 2 + miss + 2 * h,
                        "resetY=" + resetY + ", step " + i + ": " + read + " passes, " + h + " halvings");
            }
            System.out.println("bvfim resetY=" + resetY + ": warm y kept (k) or reset (r) per step " + outcomes + ", " + wrong + " wrong guesses");
            if (resetY.equals("false")) assertTrue(kept > 0 && kept < k, "both outcomes: " + outcomes);
            assertArrayEquals(Vec.array(sb.x), Vec.array(sa.x), 0, "x");
            assertArrayEquals(Vec.array(sb.y), Vec.array(sa.y), 0, "y");
            assertEquals(separate.counts().asMap(), fused.counts().asMap(), "calls per kind");
            assertTrue(fused.counts().passes() < separate.counts().passes());
        }
    }

    private static RunResult run(String solver, BilevelProblem p) {
        Options o = solver.equals("f2sa") ? new Options(Map.of("pairedBatches", "true")) : Options.empty();
        return Runner.run(Catalog.solver(solver, p, o, 3), p, p.initialX(), p.initialY(), StopRule.iterations(3));
    }

    /**
     * The same problem answering fused requests by separate calls: a ForwardingProblem forwards every oracle (second
     * order too, so that the solvers' scale estimates match) but never a fused request.
     */
    static final class Separate extends ForwardingProblem {
        Separate(BilevelProblem p) { super(p); }
        @Override protected BilevelProblem rewrap(BilevelProblem view) { return new Separate(view); }
    }
}
