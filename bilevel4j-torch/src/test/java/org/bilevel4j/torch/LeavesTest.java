package org.bilevel4j.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bilevel4j.torch.nets.Conv4;
import org.bilevel4j.vec.Vec;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The oracles' copies: vectors go into one reused leaf per role (no new tensor per call), float32 results come out
 * through the float path, and calls at other points between the products of a retained graph (which holds the leaves)
 * leave every result equal to a fresh problem's.
 */
class LeavesTest {
    @Test
    void writeAndReadRoundTripInBothTypes() {
        double[] v = {0.1, -2.5, 1e-8, 3.0e7, Math.PI};
        float[] narrowed = new float[v.length];
        for (int i = 0; i < v.length; i++) narrowed[i] = (float) v[i];
        try (PointerScope scope = new PointerScope()) {
            Tensor f = TorchSetup.floats().vector(v), d = TorchSetup.doubles().vector(v);
            assertTrue(TorchSetup.isFloat(f), "a float32 tensor must take the float path (JavaCPP enums are not interned)");
            assertFalse(TorchSetup.isFloat(d));
            double[] back = TorchSetup.read(f, v.length);
            for (int i = 0; i < v.length; i++) assertEquals(narrowed[i], back[i], 0, "float32 entry " + i);
            assertArrayEquals(v, TorchSetup.read(d, v.length), 0);
        }
    }

    /** Longer than the 16384-value staging chunk, not a multiple of it: every entry lands in its place both ways. */
    @Test
    void floatCopiesSpanSeveralChunks() {
        int n = 2 * 16384 + 123;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i + 0.25;
        try (PointerScope scope = new PointerScope()) {
            TorchSetup s = TorchSetup.floats();
            Tensor t = s.vector(new double[n]);
            s.write(t, v);
            double[] back = TorchSetup.read(t, n);
            for (int i = 0; i < n; i++) assertEquals((float) v[i], back[i], 0, "entry " + i);
            assertEquals((float) v[n - 1], t.get(n - 1).item_float(), 0, "the tensor's own last entry");
        }
    }

    @Test
    void eachRoleKeepsOneTensorAcrossCalls() {
        Leaves leaves = new Leaves();
        TorchSetup s = TorchSetup.floats();
        long first;
        try (PointerScope scope = new PointerScope()) {
            first = leaves.write(s, Leaves.Role.Y, new double[] {1, 2, 3}, true).data_ptr().address();
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor t = leaves.write(s, Leaves.Role.Y, new double[] {4, 5, 6}, true);
            assertEquals(first, t.data_ptr().address(), "the second call must write the first call's tensor");
            assertTrue(t.requires_grad());
            assertArrayEquals(new double[] {4, 5, 6}, TorchSetup.read(t, 3), 0);
            Tensor view = leaves.write(s, Leaves.Role.Y, new double[] {7, 8, 9}, false);
            assertFalse(view.requires_grad());
            assertEquals(first, view.data_ptr().address(), "a value call reads the same memory through a detached view");
        }
    }

    @Test
    void callsElsewhereBetweenRetainedProductsMatchAFreshProblem() {
        TorchSetup s = TorchSetup.doubles();
        TorchProblem p = Fixtures.problem("conv4", new Conv4(1, 16, 3, 3), s, Fixtures.data(s, 6, 3, 4, 1, 16, 16), Fixtures.data(s, 5, 3, 5, 1, 16, 16), 6);
        SplittableRandom r = new SplittableRandom(9);
        Vec x = p.initialX(), y = p.initialY(), y2 = y.copy().axpy(0.05, FiniteDifferenceTest.random(r, p.dimY()));
        Vec v1 = FiniteDifferenceTest.random(r, p.dimY()), v2 = FiniteDifferenceTest.random(r, p.dimY()), u = FiniteDifferenceTest.random(r, p.dimX());
        Vec h1 = p.innerHvpYY(x, y, v1);                  // retains the graph at (x, y)
        Vec m = Vec.of(p.metrics(x, y2).get("valLoss"));  // another point, without releasing it
        Vec h2 = p.innerHvpYY(x, y, v2);                  // from the retained graph
        Vec c = p.innerCrossYX(x, y2, u);                 // another point: releases it
        Vec g = p.innerGradY(x, y);
        Vec k = p.copies(x, y2);
        RetainedGraphTest.close("HVP", h1, p.fresh().innerHvpYY(x, y, v1));
        RetainedGraphTest.close("metric", m, Vec.of(p.fresh().metrics(x, y2).get("valLoss")));
        RetainedGraphTest.close("HVP after a metric elsewhere", h2, p.fresh().innerHvpYY(x, y, v2));
        RetainedGraphTest.close("cross YX", c, p.fresh().innerCrossYX(x, y2, u));
        RetainedGraphTest.close("gradient", g, p.fresh().innerGradY(x, y));
        assertArrayEquals(Vec.array(y2), Vec.array(k), 0, "copies returns y (float64: exact)");
    }
}
