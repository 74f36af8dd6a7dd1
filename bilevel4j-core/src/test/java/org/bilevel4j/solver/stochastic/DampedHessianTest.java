package org.bilevel4j.solver.stochastic;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.SplittableRandom;
import org.bilevel4j.Catalog;
import org.bilevel4j.linalg.ConjugateGradient;
import org.bilevel4j.problem.BilevelProblem;
import org.bilevel4j.problems.Quadratic;
import org.bilevel4j.solver.Options;
import org.bilevel4j.solver.scale.Scales;
import org.bilevel4j.solver.scale.WithScales;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

/**
 * The damping of the stochastic solvers' linear systems ({@link DampedHessian}; hypergrad/Damping): H + λI on the problem
 * and on every batch view, L_g / 10 by default only where the inner problem is not convex, and SOBA's v converging to
 * the damped system's solution −(H + λI)⁻¹ ∇_y F, solved directly by CG in float64.
 */
class DampedHessianTest {
    private final Quadratic q = new Quadratic(Quadratic.Spec.defaults(0));

    private static Vec random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return Vec.of(a);
    }

    @Test void theProductIsHPlusLambdaOnTheProblemAndOnItsBatches() {
        DampedHessian d = new DampedHessian(q, 0.7);
        Vec x = random(q.dimX(), 1), y = random(q.dimY(), 2), v = random(q.dimY(), 3);
        assertEquals(0, Vec.distance(q.innerHvpYY(x, y, v).axpy(0.7, v), d.innerHvpYY(x, y, v)), 1e-12);
        int[] out = {0, 5}, in = {1, 2, 3};
        BilevelProblem b = d.batch(out, in);
        assertInstanceOf(DampedHessian.class, b);
        assertEquals(0, Vec.distance(q.batch(out, in).innerHvpYY(x, y, v).axpy(0.7, v), b.innerHvpYY(x, y, v)), 1e-12);
        assertEquals(0, Vec.distance(q.innerGradY(x, y), d.innerGradY(x, y)), 0); // only the product changes
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY})
            assertThrows(IllegalArgumentException.class, () -> new DampedHessian(q, bad));
    }

    @Test void dampingIsATenthOfLgWhereTheInnerProblemIsNotConvexOnly() {
        assertEquals(0, StochasticSettings.read(new WithScales(q, Scales.of(q)), Options.empty(), 0, 0).damping());
        BilevelProblem toy = Catalog.problem("toy-nonconvex", Options.empty(), 1);
        assertTrue(toy.innerNonConvex());
        double lg = Scales.of(toy).innerLipschitz();
        assertEquals(0.1 * lg, StochasticSettings.read(new WithScales(toy, Scales.of(toy)), Options.empty(), 0, 0).damping(), 1e-12 * lg);
        assertEquals(0.3, StochasticSettings.read(q, new Options(Map.of("damping", "0.3")), 0, 0).damping());
        assertEquals(0, StochasticSettings.read(toy, new Options(Map.of("damping", "0")), 0, 0).damping());
        assertThrows(IllegalArgumentException.class, () -> StochasticSettings.read(q, new Options(Map.of("damping", "-1")), 0, 0));
    }

    /** Full-batch SOBA with x held still: y → y*(x), then v → −(H + λI)⁻¹ ∇_y F(x, y*), not the undamped −H⁻¹ ∇_y F. */
    @Test void sobaSolvesTheDampedSystem() {
        double lambda = 0.1 * q.innerLipschitz();
        Options o = new Options(Map.of("damping", Double.toString(lambda), "outerStep", "1e-300", "batchSize", "64"));
        Soba soba = (Soba) Catalog.solver("soba", q, o, 1);
        StochasticState s = soba.init(q, q.initialX(), q.initialY());
        for (int t = 0; t < 4000; t++) soba.step(s);
        Vec x = s.x, y = q.innerSolution(x), fy = q.outerGradY(x, y).scale(-1);
        assertEquals(0, Vec.distance(s.y, y) / y.norm(), 1e-9, "y has converged");
        ConjugateGradient cg = new ConjugateGradient(1000, 1e-14 * fy.norm());
        Vec damped = cg.solve(v -> q.innerHvpYY(x, y, v).axpy(lambda, v), fy, fy.zerosLike());
        Vec plain = cg.solve(v -> q.innerHvpYY(x, y, v), fy, fy.zerosLike());
        assertEquals(0, Vec.distance(s.v, damped) / damped.norm(), 1e-8, "v solves the damped system");
        assertTrue(Vec.distance(damped, plain) / plain.norm() > 0.05, "the damped and undamped solutions differ");
    }
}
