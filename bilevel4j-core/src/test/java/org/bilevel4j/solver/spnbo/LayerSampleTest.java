package org.bilevel4j.solver.spnbo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problem.CountingProblem;
import org.bilevel4j.smoothing.GroupLasso;
import org.bilevel4j.smoothing.L1;
import org.bilevel4j.smoothing.RegularizedProblem;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/** SPNBO's constraint sample by layer: whole groups, unbiased, and the groups reach it through the wrappers. */
class LayerSampleTest {
    /** G = ½‖y‖² − xᵀy (∇²_yy G = I, so the sampled u comes back unchanged from the HVP), F = 0; y in 3 layers. */
    static final class Layered implements BilevelProblem {
        final int[][] groups;
        Layered(int[][] groups) { this.groups = groups; }
        @Override public String name() { return "layered"; }
        @Override public int dimX() { return 6; }
        @Override public int dimY() { return 6; }
        @Override public double outerValue(Vec x, Vec y) { return 0; }
        @Override public double innerValue(Vec x, Vec y) { return 0.5 * y.normSquared() - x.dot(y); }
        @Override public Vec outerGradX(Vec x, Vec y) { return Vec.zeros(6); }
        @Override public Vec outerGradY(Vec x, Vec y) { return Vec.zeros(6); }
        @Override public Vec innerGradX(Vec x, Vec y) { return y.copy().scale(-1); }
        @Override public Vec innerGradY(Vec x, Vec y) { return y.copy().axpy(-1, x); }
        @Override public Vec innerHvpYY(Vec x, Vec y, Vec v) { return v.copy(); }
        @Override public Vec innerCrossXY(Vec x, Vec y, Vec v) { return v.copy().scale(-1); }
        @Override public int[][] parameterGroups() { return groups; }
    }

    static final int[][] LAYERS = {{0, 1, 2}, {3}, {4, 5}};

    @Test void oneLayerDrawnWhole() {
        BilevelProblem p = new CountingProblem(new Layered(LAYERS)); // the solver sees the counting wrapper
        Vec x = Vec.zeros(6), y = Vec.of(new double[] {1, 2, 3, 4, 5, 6}), alpha = Vec.zeros(6);
        DoublyStochasticGradient g = new DoublyStochasticGradient(1, 1);
        SplittableRandom rng = new SplittableRandom(3);
        for (int t = 0; t < 30; t++) {
            double[] u = Vec.array(g.sample(p, x, y, alpha, 1, rng, DoublyStochasticGradient.Wrt.W));
            int layers = 0;
            for (int[] layer : LAYERS) {
                int on = 0;
                for (int i : layer) if (u[i] != 0) on++;
                assertTrue(on == 0 || on == layer.length, "a layer is drawn whole or not at all");
                if (on > 0) layers++;
                // weight G/(m d) = 3/6 on the drawn layer: u_i = c_i / 2
                if (on > 0) for (int i : layer) assertEquals(Vec.array(y)[i] / 2, u[i], 1e-15);
            }
            assertEquals(1, layers, "constraintBatch=1 draws one layer (ignoring the groups would draw one coordinate)");
        }
    }

    @Test void unbiased() {
        double[] mean = new double[6];
        SplittableRandom rng = new SplittableRandom(1);
        int n = 30000;
        for (int t = 0; t < n; t++) {
            double[] f = LayerSample.weights(LAYERS, 6, 2, rng);
            for (int i = 0; i < 6; i++) mean[i] += f[i] / n;
        }
        for (double m : mean) assertEquals(1.0 / 6, m, 3e-3); // E[weight] = 1/d for every coordinate
    }

    @Test void ungroupedCoordinatesAreOneMoreLayer() {
        double[] f = LayerSample.weights(new int[][] {{0, 1}}, 4, 5, new SplittableRandom(0));
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, f, 0); // both groups drawn: weight 2/(2·4)
        assertThrows(IllegalArgumentException.class, () -> LayerSample.weights(new int[][] {{0, 1}, {1}}, 4, 1, new SplittableRandom(0)));
    }

    @Test void groupsSurviveRegularizationAndGroupLassoUsesThem() {
        Layered base = new Layered(LAYERS);
        RegularizedProblem r = new RegularizedProblem(base, new L1(), 0.1, new double[] {0});
        assertArrayEquals(LAYERS, r.parameterGroups());
        assertArrayEquals(LAYERS, GroupLasso.byParameterGroups(r).groups());
        assertThrows(IllegalArgumentException.class, () -> GroupLasso.byParameterGroups(new Layered(null)));
    }
}
