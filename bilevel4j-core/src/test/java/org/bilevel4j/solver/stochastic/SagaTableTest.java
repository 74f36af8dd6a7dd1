package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bilevel4j.opt.Snapshot;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** SAGA's estimate g − m_k + Σ w_l m_l over three batches, with sparse and dense rows, and its checkpoint. */
class SagaTableTest {
    @Test void estimatesFromTheStoredRowsAndTheirWeightedMean() {
        SagaTable t = new SagaTable(3, 6);
        double[] w = {0.5, 0.25, 0.25};
        Vec a = Vec.of(1, 0, 0, 0, 0, 2), b = Vec.of(1, 2, 3, 4, 5, 6), c = Vec.of(0, 0, 7, 0, 0, 0);
        assertArrayEquals(a.toArray(), t.estimate(0, w[0], a).toArray(), 0);               // empty memory: g
        // batch 1: b − 0 + ½ a
        assertArrayEquals(b.copy().axpy(0.5, a).toArray(), t.estimate(1, w[1], b).toArray(), 1e-15);
        // batch 0 again with c: c − a + (½ a + ¼ b)
        Vec expect = c.copy().axpy(-1, a).axpy(0.5, a).axpy(0.25, b);
        assertArrayEquals(expect.toArray(), t.estimate(0, w[0], c).toArray(), 1e-15);
        // rows: c sparse (1 of 6 non-zero: 1.5), b dense (6), mean dense (6)
        assertEquals(6 + 6 + 1.5, t.doubles(), 0);

        Snapshot snap = new Snapshot();
        t.save(snap, "t");
        SagaTable u = new SagaTable(3, 6);
        u.restore(snap, "t");
        Vec g = Vec.of(1, 1, 1, 1, 1, 1);
        assertArrayEquals(t.estimate(1, w[1], g).toArray(), u.estimate(1, w[1], g).toArray(), 0);
        assertEquals(t.doubles(), u.doubles(), 0);
    }
}
