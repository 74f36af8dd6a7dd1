package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bilevel4j.data.LabelNoise;
import org.bilevel4j.data.LabeledData;
import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.problem.Oracle;
import org.bilevel4j.tasks.HyperCleaning;
import org.bilevel4j.tasks.Synthetic;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * SABA's compact tables (per-sample logit derivatives, docs/STOCHASTIC.md §2.1) against gradient rows on a small
 * multinomial hyper-cleaning problem in double precision: the same iterates to rounding, far less memory.
 */
class SabaLogitTableTest {
    static HyperCleaning tiny(boolean bias, double reg) {
        LabeledData all = Synthetic.gaussianMixture(90, 6, 3, 2, 5);
        LabeledData train = Synthetic.rows(all, 0, 45);
        LabelNoise.Corrupted noise = LabelNoise.corrupt(train.labels(), 0.5, 3, 6, LabelNoise.Mode.DIFFERENT);
        train = LabeledData.classification(train.x(), noise.labels(), 3);
        return new HyperCleaning(train, noise.mask(), Synthetic.rows(all, 45, 70), Synthetic.rows(all, 70, 90), bias, reg, 50);
    }

    // batches of 8 that do not divide n = 45 or m = 25; an outer step large enough to move x
    static final StochasticSettings ST = new StochasticSettings(0.5, 40, 8, 8, 0, 0, 1);

    static double gap(Vec a, Vec b) { return a.copy().axpy(-1, b).norm() / (1 + b.norm()); }

    /** Without a regularizer every part is defined by the samples: logit tables give the row tables' iterates. */
    @Test void sameTrajectoryAsGradientRows() {
        HyperCleaning p = tiny(true, 0);
        CountingProblem a = new CountingProblem(p), b = new CountingProblem(p);
        Saba logits = new Saba(ST, true, 3), rows = new Saba(ST, false, 3);
        StochasticState s = logits.init(a, p.initialX(), p.initialY()), r = rows.init(b, p.initialX(), p.initialY());
        assertTrue(!s.logitTables.isEmpty() && s.tables.isEmpty() && r.logitTables.isEmpty());
        double worst = 0;
        for (int t = 0; t < 300; t++, s.iteration++, r.iteration++) {
            logits.step(s);
            rows.step(r);
            worst = Math.max(worst, Math.max(gap(s.x, r.x), Math.max(gap(s.y, r.y), gap(s.v, r.v))));
        }
        assertTrue(worst < 1e-12, "largest relative gap " + worst);
        assertTrue(r.x.norm() > 0.5, "x moved: " + r.x.norm()); // a trajectory, not a fixed point
        for (Oracle o : Oracle.values()) assertEquals(b.counts().samples(o), a.counts().samples(o), o.name());
        // memory: 6 inner batches × 8 × (3 + 3 + 1) and 4 outer × 8 × 3 numbers (the last batches shorter), plus the means
        double expect = 45 * 7 + 25 * 3 + 3 * p.dimY() + p.dimX();
        assertEquals(expect, s.tableDoubles(), 0);
        assertTrue(s.tableDoubles() < r.tableDoubles());
    }

    /**
     * With 0.2‖W‖²: the tables keep the samples' parts and the regularizer's gradient is exact. The reference is that
     * rule written with gradient rows: rows of (part − sample-free part), SAGA on them, plus the exact part.
     */
    @Test void regularizerIsExactAndTheSampledPartsAreSaga() {
        HyperCleaning p = tiny(false, 0.2);
        Saba logits = new Saba(ST, true, 4);
        StochasticState s = logits.init(new CountingProblem(p), p.initialX(), p.initialY());
        StochasticState r = ST.init(p, p.initialX(), p.initialY(), 4); // same samplers, reference tables below
        SagaTable gy = new SagaTable(r.inner.count, p.dimY()), hv = new SagaTable(r.inner.count, p.dimY()),
                cv = new SagaTable(r.inner.count, p.dimX()), fy = new SagaTable(r.outer.count, p.dimY());
        double worst = 0;
        for (long t = 0; t < 200; t++, s.iteration++) {
            logits.step(s);
            int i = r.inner.next(), j = r.outer.next();
            BilevelProblem g = r.innerView(i), f = r.outerView(j);
            Vec x = r.x, y = r.y, v = r.v, reg = y.copy().scale(0.4), regV = v.copy().scale(0.4);
            Vec dy = gy.estimate(i, r.inner.weight(i), g.innerGradY(x, y).axpy(-1, reg)).axpy(1, reg);
            Vec dv = hv.estimate(i, r.inner.weight(i), g.innerHvpYY(x, y, v).axpy(-1, regV)).axpy(1, regV)
                    .axpy(1, fy.estimate(j, r.outer.weight(j), f.outerGradY(x, y)));
            Vec dx = cv.estimate(i, r.inner.weight(i), g.innerCrossXY(x, y, v));
            y.axpy(-ST.rho(t), dy);
            v.axpy(-ST.rho(t), dv);
            x.axpy(-ST.gamma(t), dx);
            worst = Math.max(worst, Math.max(gap(s.x, x), Math.max(gap(s.y, y), gap(s.v, v))));
        }
        assertTrue(worst < 1e-12, "largest relative gap " + worst);
        assertTrue(r.x.norm() > 0.5, "x moved: " + r.x.norm());
    }

    /** A checkpoint of the logit tables continues the same run. */
    @Test void checkpointContinuesTheRun() {
        HyperCleaning p = tiny(false, 0.2);
        Saba saba = new Saba(ST, true, 5);
        StochasticState s = saba.init(p, p.initialX(), p.initialY());
        for (int t = 0; t < 20; t++, s.iteration++) saba.step(s);
        Snapshot snap = new Snapshot();
        s.save(snap);
        StochasticState u = saba.init(p, p.initialX(), p.initialY());
        u.restore(snap);
        for (int t = 0; t < 20; t++, s.iteration++, u.iteration++) {
            saba.step(s);
            saba.step(u);
        }
        assertEquals(0, gap(u.x, s.x), 0);
        assertEquals(0, gap(u.y, s.y), 0);
    }
}
