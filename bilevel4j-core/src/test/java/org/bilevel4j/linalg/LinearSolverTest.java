package org.bilevel4j.linalg;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.bilevel4j.vec.Vec;
import org.junit.jupiter.api.Test;

class LinearSolverTest {
    /** A = U diag(λ) Uᵀ with a random orthogonal U (Gram-Schmidt), as a dense row-major array. */
    static double[] spd(double[] lambda, long seed) {
        int n = lambda.length;
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] u = new double[n][];
        for (int k = 0; k < n; k++) {
            double[] c = rng.doubles(n, -1, 1).toArray();
            for (int j = 0; j < k; j++) {
                double d = 0;
                for (int i = 0; i < n; i++) d += c[i] * u[j][i];
                for (int i = 0; i < n; i++) c[i] -= d * u[j][i];
            }
            double nrm = Math.sqrt(Vec.of(c).normSquared());
            for (int i = 0; i < n; i++) c[i] /= nrm;
            u[k] = c;
        }
        double[] a = new double[n * n];
        for (int k = 0; k < n; k++) for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) a[r * n + c] += u[k][r] * lambda[k] * u[k][c];
        return a;
    }

    /** The operator v ↦ A v, counting its applications in calls[0]. */
    static UnaryOperator<Vec> op(double[] a, int n, int[] calls) {
        return v -> {
            calls[0]++;
            double[] x = Vec.array(v), out = new double[n];
            for (int r = 0; r < n; r++) for (int c = 0; c < n; c++) out[r] += a[r * n + c] * x[c];
            return Vec.of(out);
        };
    }

    static final int N = 8;
    static final double[] LAMBDA = {0.5, 0.8, 1, 1.7, 2.2, 3, 3.5, 4};
    static final double[] A = spd(LAMBDA, 1);
    static final Vec B = Vec.of(new SplittableRandom(2).doubles(N, -1, 1).toArray());

    static double residual(Vec v) { return op(A, N, new int[1]).apply(v).axpy(-1, B).norm(); }

    @Test void cgSolvesAnSpdSystemExactlyInNSteps() {
        int[] calls = new int[1];
        Vec v = new ConjugateGradient(N, 0).solve(op(A, N, calls), B, B.zerosLike());
        assertTrue(residual(v) < 1e-10 * B.norm(), "residual " + residual(v));
        assertEquals(N, calls[0], "one product per step from a zero start");
        // fewer steps do not solve it (eight distinct eigenvalues)
        Vec partial = new ConjugateGradient(N / 2, 0).solve(op(A, N, new int[1]), B, B.zerosLike());
        assertTrue(residual(partial) > 1e-6, "residual " + residual(partial));
        // from a warm start: one extra product for the first residual, still exact
        int[] warm = new int[1];
        Vec w = new ConjugateGradient(N, 0).solve(op(A, N, warm), B, partial);
        assertTrue(residual(w) < 1e-10 * B.norm());
        assertTrue(warm[0] <= N + 1);
    }

    @Test void cgStopsEarlyAtItsTolerance() {
        // three distinct eigenvalues: exact after three steps, so with a tolerance it stops there
        int n = 30;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) lambda[i] = new double[] {1, 2, 5}[i % 3];
        double[] a = spd(lambda, 3);
        Vec b = Vec.of(new SplittableRandom(4).doubles(n, -1, 1).toArray());
        int[] calls = new int[1];
        Vec v = new ConjugateGradient(100, 1e-8).solve(op(a, n, calls), b, b.zerosLike());
        assertEquals(3, calls[0]);
        assertTrue(op(a, n, new int[1]).apply(v).axpy(-1, b).norm() <= 1e-8);
        // a loose tolerance stops earlier, with the residual at or below the tolerance
        int[] loose = new int[1];
        Vec l = new ConjugateGradient(100, 0.5 * b.norm()).solve(op(a, n, loose), b, b.zerosLike());
        assertTrue(loose[0] < 3);
        assertTrue(op(a, n, new int[1]).apply(l).axpy(-1, b).norm() <= 0.5 * b.norm());
        // started at the solution: only the residual product, no step
        int[] none = new int[1];
        Vec same = new ConjugateGradient(100, 1e-8).solve(op(a, n, none), b, v);
        assertEquals(1, none[0]);
        assertEquals(0, Vec.distance(same, v));
    }

    @Test void neumannAndFixedPointConvergeForStepsUpToOneOverL() {
        Vec exact = new ConjugateGradient(N, 0).solve(op(A, N, new int[1]), B, B.zerosLike());
        for (double eta : new double[] {1 / 4.0, 0.5 / 4.0}) { // L = 4
            Vec neumann = new NeumannSeries(400, eta).solve(op(A, N, new int[1]), B, B.zerosLike());
            Vec fixed = new FixedPointIteration(400, eta).solve(op(A, N, new int[1]), B, B.zerosLike());
            assertTrue(Vec.distance(neumann, exact) < 1e-10, "Neumann eta " + eta);
            assertTrue(Vec.distance(fixed, exact) < 1e-10, "fixed point eta " + eta);
        }
        // the error contracts by (1 − η μ) per term: K terms leave (1 − ημ)^{K+1} of A⁻¹b at most
        Vec ten = new NeumannSeries(10, 0.25).solve(op(A, N, new int[1]), B, B.zerosLike());
        double bound = Math.pow(1 - 0.25 * 0.5, 11) * exact.norm();
        assertTrue(Vec.distance(ten, exact) <= bound * (1 + 1e-12));
        assertTrue(Vec.distance(ten, exact) > 1e-3 * bound);
    }

    @Test void neumannWithKTermsEqualsFixedPointWithKPlusOneStepsFromZero() {
        for (int k : new int[] {0, 1, 3, 12}) {
            int[] nCalls = new int[1], fCalls = new int[1];
            Vec neumann = new NeumannSeries(k, 0.2).solve(op(A, N, nCalls), B, B.zerosLike());
            Vec fixed = new FixedPointIteration(k + 1, 0.2).solve(op(A, N, fCalls), B, B.zerosLike());
            assertTrue(Vec.distance(neumann, fixed) < 1e-13 * fixed.norm(), "K = " + k);
            assertEquals(k, nCalls[0]);
            assertEquals(k, fCalls[0], "the first fixed-point step from zero needs no product");
        }
    }

    @Test void fixedPointWarmStartedAtTheSolutionStaysAndNeumannIgnoresTheWarmStart() {
        Vec exact = new ConjugateGradient(N, 0).solve(op(A, N, new int[1]), B, B.zerosLike());
        Vec fixed = new FixedPointIteration(3, 0.25).solve(op(A, N, new int[1]), B, exact);
        assertTrue(Vec.distance(fixed, exact) < 1e-12);
        Vec a = new NeumannSeries(5, 0.25).solve(op(A, N, new int[1]), B, exact);
        Vec b = new NeumannSeries(5, 0.25).solve(op(A, N, new int[1]), B, B.zerosLike());
        assertEquals(0, Vec.distance(a, b));
    }

    @Test void nonFiniteSystemsGiveNaNNotTheWarmStart() {
        Vec nanB = B.copy().fill(Double.NaN);
        assertFalse(new ConjugateGradient(N, 0).solve(op(A, N, new int[1]), nanB, B).isFinite());
        assertFalse(new ConjugateGradient(N, 0).solve(op(A, N, new int[1]), nanB, B.zerosLike()).isFinite());
        assertFalse(new ConjugateGradient(N, 0).solve(v -> v.copy().fill(Double.NaN), B, B.zerosLike()).isFinite());
        assertFalse(new NeumannSeries(3, 0.2).solve(op(A, N, new int[1]), nanB, B.zerosLike()).isFinite());
        assertFalse(new FixedPointIteration(3, 0.2).solve(op(A, N, new int[1]), nanB, B).isFinite());
    }

    @Test void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ConjugateGradient(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new NeumannSeries(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new FixedPointIteration(3, -1));
    }
}
